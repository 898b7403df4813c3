// One-off check of issue 3's third "done when" at full size: 20k events through 4 workers (one killed with -9, Redis
// restarted mid-stream) and through 1 worker, in two databases; prints whether the outcomes are identical.
// Usage: DATABASE_URL=… npx tsx scripts/engine-stream.ts [events] [groups]

import { randomBytes } from "node:crypto";
import { isDeepStrictEqual } from "node:util";
import { createDb } from "@/db/client";
import { runMigrations } from "@/db/migrate";
import {
  buildStream,
  engineRate,
  freePort,
  insertStreamIntegration,
  outcome,
  runStream,
  startRedis,
  stopProcess,
} from "@/tests/support/engine-stream";

async function scratchDatabase(adminUrl: string) {
  const name = `wd_stream_${randomBytes(4).toString("hex")}`;
  const admin = createDb(adminUrl, { max: 1 });
  await admin.sql.unsafe(`create database "${name}"`);
  await admin.sql.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const scratch = createDb(url.toString(), { max: 3 });
  await runMigrations(scratch.sql);
  await insertStreamIntegration(scratch);
  const drop = async () => {
    await scratch.sql.end({ timeout: 5 });
    const again = createDb(adminUrl, { max: 1 });
    await again.sql.unsafe(`drop database if exists "${name}" with (force)`);
    await again.sql.end();
  };
  return { scratch, url: url.toString(), drop };
}

const [count = 20_000, groups = 400] = process.argv.slice(2).map(Number);
const adminUrl = process.env.DATABASE_URL as string;
const stream = buildStream(count, groups);
const port = await freePort();
let redis = await startRedis(port);
const many = await scratchDatabase(adminUrl);
const one = await scratchDatabase(adminUrl);
try {
  const chunks = Math.ceil(count / 250);
  const four = await runStream({
    scratch: many.scratch,
    databaseUrl: many.url,
    stream,
    workerCount: 4,
    redisPort: port,
    prefix: "stream4",
    disrupt: async (chunk, workers) => {
      if (chunk === Math.floor(chunks / 3)) await stopProcess(workers[0], "SIGKILL");
      if (chunk === Math.floor((2 * chunks) / 3)) {
        await stopProcess(redis, "SIGKILL");
        redis = await startRedis(port);
      }
    },
  });
  console.log(`4 workers (one killed, Redis restarted): ${count} events in ${four.seconds.toFixed(1)} s`);
  const single = await runStream({
    scratch: one.scratch,
    databaseUrl: one.url,
    stream,
    workerCount: 1,
    redisPort: port,
    prefix: "stream1",
  });
  console.log(
    `1 worker: ${count} events in ${single.seconds.toFixed(1)} s = ${(count / single.seconds).toFixed(0)} events/s end to end`,
  );
  const a = await outcome(many.scratch);
  const b = await outcome(one.scratch);
  console.log(
    `engine rate (first to last processed_at): 4 workers ${(await engineRate(many.scratch)).toFixed(0)} events/s, ` +
      `1 worker ${(await engineRate(one.scratch)).toFixed(0)} events/s`,
  );
  console.log(
    `incidents ${a.incidents.length} vs ${b.incidents.length}, alerts ${a.alerts.length} vs ${b.alerts.length}, ` +
      `timeline ${a.timelineEntries} vs ${b.timelineEntries}, duplicate open groups ${a.duplicateOpenGroups}/${b.duplicateOpenGroups}, ` +
      `flaps ${a.incidents.reduce((s, i) => s + Number(i.flap_count), 0)}, ` +
      `resolved ${a.incidents.filter((i) => i.status === "resolved").length}, detached ${a.incidents.filter((i) => i.group_key === null).length}`,
  );
  console.log(isDeepStrictEqual(a, b) ? "IDENTICAL" : "DIFFERENT");
  if (!isDeepStrictEqual(a, b)) process.exitCode = 1;
} finally {
  await many.drop();
  await one.drop();
  await stopProcess(redis, "SIGKILL");
}
process.exit();
