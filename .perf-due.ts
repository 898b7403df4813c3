import { getDb, getSql } from "@/db/client";
import { systemCtx } from "@/lib/context";
import { slaBadges } from "@/lib/sla/badges";
import { listQueue } from "@/lib/tickets/queue";

const ctx = systemCtx(getDb(), "perf");
async function time(label: string, run: () => Promise<unknown>, n = 30) {
  for (let i = 0; i < 3; i++) await run();
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await run();
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  console.log(`${label}: p50 ${ms[Math.floor(n / 2)].toFixed(1)} ms, p95 ${ms[Math.floor(n * 0.95)].toFixed(1)} ms`);
}
const [team] = (await getSql()`select id from teams where name = 'Perf team 3'`) as { id: string }[];
for (const view of ["breaching", "breached"] as const) {
  const first = await listQueue(ctx, { view });
  console.log(view, "rows on page 1:", first.rows.length);
  await time(`${view} page 1`, () => listQueue(ctx, { view }));
  let cursor = first.nextCursor;
  for (let i = 0; i < 20 && cursor; i++) cursor = (await listQueue(ctx, { view, cursor })).nextCursor;
  if (cursor) await time(`${view} page 22`, () => listQueue(ctx, { view, cursor: cursor ?? undefined }));
  await time(`${view} one team`, () => listQueue(ctx, { view, teamId: team.id }));
  await time(`${view} P1 only (none match)`, () => listQueue(ctx, { view, priority: "P1" }), 5);
  const ids = first.rows.map((r) => r.id);
  await time(`${view} badges for page 1`, () => slaBadges(ctx, ids));
}
await getSql().end();
