// `npm run bench -- desk`: server time of the service desk's queue, search and ticket page at 1,000,000 tickets and
// 5,000,000 timeline entries, measured by calling the real lib functions in-process against a throwaway database.
import fs from "node:fs";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { drizzle } from "drizzle-orm/postgres-js";
import type postgres from "postgres";
import type { Db } from "../../db/client";
import * as schema from "../../db/schema";
import type { Ctx } from "../../lib/context";
import { cpuBetween, cpuSnapshot, formatCpu } from "./cpu";
import { type Generated, generate, sizes } from "./desk-data";
import {
  type BenchDatabase,
  fmt,
  load,
  loadAverages,
  machineInfo,
  measuredLine,
  mins,
  n0,
  say,
  sayMachine,
  withBenchDatabase,
} from "./harness";
import { percentile } from "./load";
import { writeReadmeSection } from "./report";

export type DeskOptions = {
  tickets: number;
  quick: boolean;
  keep: boolean;
  reuse?: string;
  writeReadme: boolean;
  samples: number;
  warmup: number;
};

type Kind = "queue" | "deep" | "filtered" | "search" | "page";
type Case = {
  kind: Kind;
  label: string;
  target: number | null;
  describe: (i: number) => string;
  run: (ctx: Ctx, i: number) => Promise<unknown>;
};
export type Measured = {
  kind: Kind;
  label: string;
  target: number | null;
  samples: number;
  p50: number;
  p95: number;
  max: number;
  slowest: string;
  load: string;
};
type DeskResults = {
  date: string;
  quick: boolean;
  machine: Record<string, string>;
  data: Generated & { database: string; reused: boolean };
  cpu: string;
  measured: Measured[];
  plansFile: string;
  notes: string[];
};

const TARGETS = { queue: 200, page: 200, search: 300 };
const LIMIT = 50;

export async function runDeskBench(options: DeskOptions): Promise<number> {
  return withBenchDatabase(
    { name: "desk", keep: options.keep, reuse: options.reuse },
    async (url, connect) => {
      say(
        `generating ${options.tickets.toLocaleString("en-US")} tickets and ~${(5 * options.tickets).toLocaleString("en-US")} timeline entries (load ${load()})`,
      );
      const generated = await generate(url, connect, options.tickets);
      say(`generated in ${(generated.seconds.total / 60).toFixed(1)} min`);
      return generated;
    },
    async ({ root, suffix, database, url, data, isReused, admin, outDir }) => {
      if (isReused) data.sizes = await sizes(admin);
      say(
        `${data.tickets.toLocaleString("en-US")} tickets, ${data.activities.toLocaleString("en-US")} timeline entries`,
      );
      const clients: postgres.Sql[] = [];
      try {
        return await measureDesk(options, { root, suffix, database, url, data, isReused, admin, outDir }, clients);
      } finally {
        await Promise.all(clients.map((c) => c.end({ timeout: 5 }).catch(() => {})));
      }
    },
  );
}

async function measureDesk(
  options: DeskOptions,
  bench: Omit<BenchDatabase<Generated>, "connect" | "onCleanup">,
  clients: postgres.Sql[],
): Promise<number> {
  const { root, suffix, database, url, data, admin, outDir } = bench;
  const { createDb } = await import("../../db/client");
  const { listQueue, queueSelection } = await import("../../lib/tickets/queue");
  const { searchTickets } = await import("../../lib/tickets/search");
  const { loadTicketPage } = await import("../../lib/tickets/page");

  const { sql: timingSql, db } = createDb(url, { max: 4 });
  clients.push(timingSql);
  let captured: { query: string; params: unknown[] }[] | null = null;
  const captureDb = drizzle(timingSql, {
    schema,
    logger: { logQuery: (query, params) => captured?.push({ query, params }) },
  }) as unknown as Db;

  const fixtures = await loadFixtures(admin);
  const ctxFor = (database: Db, i: number): Ctx => {
    const agent = fixtures.agents[i % fixtures.agents.length];
    return {
      actor: { type: "user", id: agent.id, role: agent.role as "agent", label: agent.name },
      db: database,
    };
  };
  const machine = await machineInfo(admin);
  sayMachine(machine);

  // The rejected alternative: listQueue's select, joins and order (index-friendly) for view "all", skipping rows with OFFSET.
  const assignees = alias(schema.users, "assignee");
  const offsetPage = (ctx: Ctx, page: number) =>
    ctx.db
      .select(queueSelection())
      .from(schema.tickets)
      .leftJoin(schema.services, eq(schema.services.id, schema.tickets.serviceId))
      .leftJoin(schema.teams, eq(schema.teams.id, schema.tickets.teamId))
      .leftJoin(assignees, eq(assignees.id, schema.tickets.assigneeId))
      .orderBy(sql`${schema.tickets.createdAt} desc nulls last`, sql`${schema.tickets.id} desc nulls last`)
      .limit(LIMIT + 1)
      .offset((page - 1) * LIMIT);

  // Keyset cursors for the pages around 201 and 2,001 of view "all", found by following nextCursor.
  const walkCtx = ctxFor(db, 0);
  const walkTimes: number[] = [];
  const cursors = new Map<number, string>();
  const deepPages = { near: range(191, 211), far: range(1991, 2011) };
  const lastPage = Math.min(2011, Math.floor(data.tickets / LIMIT));
  let cursor: string | undefined;
  const walkStart = performance.now();
  for (let page = 1; page <= lastPage; page++) {
    if (cursor) cursors.set(page, cursor);
    const t = performance.now();
    const result = await listQueue(walkCtx, { view: "all", cursor });
    walkTimes.push(performance.now() - t);
    if (!result.nextCursor) break;
    cursor = result.nextCursor;
  }
  say(`walked ${walkTimes.length} pages of view "all" in ${((performance.now() - walkStart) / 1000).toFixed(1)} s`);
  const keysetSample = await listQueue(walkCtx, { view: "all", cursor: cursors.get(201) });
  const offsetSample = await offsetPage(walkCtx, 201);
  const isSamePage =
    keysetSample.rows.map((r) => r.id).join() ===
    offsetSample
      .slice(0, LIMIT)
      .map((r) => r.id)
      .join();
  if (!isSamePage) throw new Error("keyset page 201 and OFFSET page 201 differ");

  const at = <T>(list: readonly T[], i: number) => list[i % list.length];
  const searchGroups = await selectivity(admin, SEARCH_GROUPS(fixtures.numbers), data.tickets);
  const cases: Case[] = [
    {
      kind: "queue",
      label: 'Queue first page, view "open"',
      target: TARGETS.queue,
      describe: () => "view open",
      run: (ctx) => listQueue(ctx, { view: "open" }),
    },
    {
      kind: "queue",
      label: 'Queue first page, view "mine" (agents rotating)',
      target: TARGETS.queue,
      describe: (i) => `view mine as ${at(fixtures.agents, i).name}`,
      run: (ctx) => listQueue(ctx, { view: "mine" }),
    },
    {
      kind: "queue",
      label: 'Queue first page, view "unassigned"',
      target: TARGETS.queue,
      describe: () => "view unassigned",
      run: (ctx) => listQueue(ctx, { view: "unassigned" }),
    },
    {
      kind: "queue",
      label: 'Queue first page, view "teams" (agents rotating)',
      target: TARGETS.queue,
      describe: (i) => `view teams as ${at(fixtures.agents, i).name}`,
      run: (ctx) => listQueue(ctx, { view: "teams" }),
    },
    {
      kind: "queue",
      label: 'Queue first page, view "all"',
      target: TARGETS.queue,
      describe: () => "view all",
      run: (ctx) => listQueue(ctx, { view: "all" }),
    },
    ...SORT_MIXES.map(
      (mix): Case => ({
        kind: "queue",
        label: `Queue first page, ${mix.length > 1 ? "non-default sorts" : "sort"} ${[...new Set(mix.map((m) => m.sort))].join(", ")}, view${mix.length > 1 ? "s" : ""} ${[...new Set(mix.map((m) => m.view))].join("/")}${mix.length > 1 ? " (rotating)" : ""}`,
        target: TARGETS.queue,
        describe: (i) => `view ${at(mix, i).view}, sort ${at(mix, i).sort}`,
        run: (ctx, i) => listQueue(ctx, at(mix, i)),
      }),
    ),
    {
      kind: "deep",
      label: `Queue page ~201 of view "all" (rows ~10,000), keyset cursor (pages ${deepPages.near[0]}–${deepPages.near.at(-1)})`,
      target: TARGETS.queue,
      describe: (i) => `page ${at(deepPages.near, i)} by cursor`,
      run: (ctx, i) => listQueue(ctx, { view: "all", cursor: cursors.get(at(deepPages.near, i)) }),
    },
    {
      kind: "deep",
      label: "↳ same pages with OFFSET (rejected alternative, for comparison)",
      target: null,
      describe: (i) => `page ${at(deepPages.near, i)} by offset ${(at(deepPages.near, i) - 1) * LIMIT}`,
      run: (ctx, i) => offsetPage(ctx, at(deepPages.near, i)),
    },
    ...(cursors.has(2011)
      ? [
          {
            kind: "deep" as const,
            label: `Queue page ~2,001 of view "all" (rows ~100,000), keyset cursor`,
            target: TARGETS.queue,
            describe: (i: number) => `page ${at(deepPages.far, i)} by cursor`,
            run: (ctx: Ctx, i: number) => listQueue(ctx, { view: "all", cursor: cursors.get(at(deepPages.far, i)) }),
          },
          {
            kind: "deep" as const,
            label: "↳ same pages with OFFSET (rejected alternative, for comparison)",
            target: null,
            describe: (i: number) => `page ${at(deepPages.far, i)} by offset ${(at(deepPages.far, i) - 1) * LIMIT}`,
            run: (ctx: Ctx, i: number) => offsetPage(ctx, at(deepPages.far, i)),
          },
        ]
      : []),
    {
      kind: "filtered",
      label: 'Filtered queue: view "open", priority P1,P2, one team (teams rotating)',
      target: TARGETS.queue,
      describe: (i) => `open P1,P2 team ${at(fixtures.teams, i).name}`,
      run: (ctx, i) => listQueue(ctx, { view: "open", priority: "P1,P2", teamId: at(fixtures.teams, i).id }),
    },
    {
      kind: "filtered",
      label: 'Filtered queue: view "all", service requests, one service, a 1-month created range (rotating)',
      target: TARGETS.queue,
      describe: (i) => {
        const [from, to] = monthRange(i);
        return `all service_request service ${at(fixtures.services, i).name} ${from}..${to}`;
      },
      run: (ctx, i) => {
        const [createdFrom, createdTo] = monthRange(i);
        return listQueue(ctx, {
          view: "all",
          type: "service_request",
          serviceId: at(fixtures.services, i).id,
          createdFrom,
          createdTo,
        });
      },
    },
    {
      kind: "filtered",
      label: `Filtered queue: view "open" with a search word (${QUEUE_WORDS.join(", ")})`,
      target: TARGETS.queue,
      describe: (i) => `open q=${at(QUEUE_WORDS, i)}`,
      run: (ctx, i) => listQueue(ctx, { view: "open", q: at(QUEUE_WORDS, i) }),
    },
    ...searchGroups.map(
      (group): Case => ({
        kind: "search",
        label: `Search, ${group.label}: ${group.terms
          .slice(0, 8)
          .map((t) => `'${t}'`)
          .join(", ")}${group.terms.length > 8 ? ", …" : ""}${group.selectivity}`,
        target: TARGETS.search,
        describe: (i) => `q=${at(group.terms, i)}`,
        run: (ctx, i) => searchTickets(ctx, { q: at(group.terms, i) }),
      }),
    ),
    {
      kind: "page",
      label: `Ticket page, random tickets (${fixtures.typicalActivities.toFixed(1)} timeline entries on average)`,
      target: TARGETS.page,
      describe: (i) => at(fixtures.numbers, i),
      run: (ctx, i) => loadTicketPage(ctx, at(fixtures.numbers, i)),
    },
    {
      kind: "page",
      label: `Ticket page, tickets with 100+ timeline entries (${fixtures.heavy.length} such tickets, ${fixtures.heavyActivities.toFixed(0)} entries on average)`,
      target: TARGETS.page,
      describe: (i) => at(fixtures.heavy, i),
      run: (ctx, i) => loadTicketPage(ctx, at(fixtures.heavy, i)),
    },
  ];

  const measured: Measured[] = [];
  const slowestOf = new Map<Case, number>();
  const pids = (await admin<{ pid: number }[]>`select pid from pg_stat_activity where datname = ${database}`).map(
    (r) => r.pid,
  );
  const cpuA = cpuSnapshot({ web: [], workers: [], postgresBackends: pids });
  measured.push({
    kind: "deep",
    label: `Queue pages 1–${walkTimes.length} of view "all", walked once by nextCursor`,
    target: TARGETS.queue,
    samples: walkTimes.length,
    p50: percentile(walkTimes, 50),
    p95: percentile(walkTimes, 95),
    max: Math.max(...walkTimes),
    slowest: `page ${walkTimes.indexOf(Math.max(...walkTimes)) + 1}`,
    load: load(),
  });
  for (const c of cases) {
    const loadAt = load();
    for (let i = 0; i < options.warmup; i++) await c.run(ctxFor(db, i), i);
    const times: number[] = [];
    for (let k = 0; k < options.samples; k++) {
      const i = options.warmup + k;
      const ctx = ctxFor(db, i);
      const t = performance.now();
      await c.run(ctx, i);
      times.push(performance.now() - t);
    }
    const worst = times.indexOf(Math.max(...times));
    slowestOf.set(c, options.warmup + worst);
    const m: Measured = {
      kind: c.kind,
      label: c.label,
      target: c.target,
      samples: times.length,
      p50: percentile(times, 50),
      p95: percentile(times, 95),
      max: times[worst],
      slowest: c.describe(options.warmup + worst),
      load: `${loadAt}→${load()}`,
    };
    measured.push(m);
    say(`${m.label}: p50 ${fmt(m.p50)}, p95 ${fmt(m.p95)}, max ${fmt(m.max)} (slowest: ${m.slowest}; load ${m.load})`);
  }
  const cpu = formatCpu(cpuBetween(cpuA, cpuSnapshot({ web: [], workers: [], postgresBackends: pids })));
  say(`cpu during the measurements: ${cpu}`);

  // EXPLAIN (ANALYZE, BUFFERS) of every statement behind each case's slowest sample; the slowest case of each
  // kind first.
  const plansFile = path.join(outDir, `desk-plans-${suffix}.txt`);
  const worstOfKind = new Map<Kind, Case>();
  for (const c of cases) {
    const m = measured.find((x) => x.label === c.label && x.kind === c.kind);
    const best = worstOfKind.get(c.kind);
    const bestM = best && measured.find((x) => x.label === best.label && x.kind === best.kind);
    if (m && (!bestM || m.p95 > bestM.p95)) worstOfKind.set(c.kind, c);
  }
  const ordered = [...worstOfKind.values(), ...cases.filter((c) => ![...worstOfKind.values()].includes(c))];
  const planText: string[] = [
    `EXPLAIN (ANALYZE, BUFFERS) for npm run bench -- desk, ${new Date().toISOString()}, database ${database}`,
    `${data.tickets} tickets, ${data.activities} timeline entries. First: the slowest case (by p95) of each kind.`,
    "",
  ];
  for (const c of ordered) {
    const i = slowestOf.get(c) ?? 0;
    captured = [];
    await c.run(ctxFor(captureDb, i), i);
    const statements = captured;
    captured = null;
    planText.push(
      `${"=".repeat(118)}\n${worstOfKind.get(c.kind) === c ? `SLOWEST ${c.kind.toUpperCase()}: ` : ""}${c.label}\nslowest sample: ${c.describe(i)}\n`,
    );
    for (const s of statements) {
      const rows = await timingSql.unsafe(`explain (analyze, buffers) ${s.query}`, s.params as never[]);
      planText.push(`-- ${s.query}\n-- params: ${JSON.stringify(s.params)}`);
      planText.push(rows.map((r) => r["QUERY PLAN"]).join("\n"), "");
    }
  }
  fs.writeFileSync(plansFile, `${planText.join("\n")}\n`);
  say(`plans written to ${path.relative(root, plansFile)}`);

  const results: DeskResults = {
    date: new Date().toISOString(),
    quick: options.quick,
    machine,
    data: { ...data, database, reused: bench.isReused },
    cpu,
    measured,
    plansFile: path.relative(root, plansFile),
    notes: [],
  };
  machine.loadAtEnd = loadAverages();
  const markdown = renderDesk(results);
  console.log(`\n${markdown}`);
  const outFile = path.join(outDir, `desk-${suffix}${options.quick ? "-quick" : ""}.md`);
  fs.writeFileSync(outFile, markdown);
  fs.writeFileSync(outFile.replace(/\.md$/, ".json"), JSON.stringify(results, null, 2));
  say(`written ${path.relative(root, outFile)}`);
  if (options.writeReadme) {
    writeReadmeSection(path.join(root, "README.md"), markdown, "desk");
    say("README.md: desk block updated");
  }
  return 0;
}

type View = "open" | "mine" | "teams" | "unassigned" | "all" | "resolved";
type Sort = "oldest" | "updated" | "priority" | "resolved";
const mixOf = (views: View[], sorts: Sort[]) => views.flatMap((view) => sorts.map((sort) => ({ view, sort })));
const SORT_MIXES = [
  mixOf(["open", "mine", "teams", "unassigned", "all", "resolved"], ["oldest", "updated", "priority"]),
  mixOf(["all"], ["resolved"]),
];

const QUEUE_WORDS = ["장애", "vpn", "printer", "메일", "disk full", "서버"];

const SEARCH_GROUPS = (numbers: string[]) => [
  { label: "common words", terms: ["장애", "서버", "vpn", "메일", "접속 장애", "printer", "offline", "노트북"] },
  {
    label: "selective words and phrases",
    terms: [
      "disk full",
      "인증서 만료",
      "kernel panic",
      "db-07",
      "replication lag on db-03",
      "회의실 B",
      "E4242",
      "ntp",
    ],
  },
  { label: "no match", terms: ["zebra", "없는단어", "kubernetes upgrade", "xyzzy 42", "블록체인"] },
  {
    label: "ticket numbers",
    terms: numbers
      .slice(0, 40)
      .map((n, k) => (k % 3 === 0 ? n.toLowerCase().replace("-", " ").replace(/ 0+/, " ") : n)),
  },
];

// The share of tickets whose number, title and description match, and whose comments do, for each group's terms.
async function selectivity(sql: postgres.Sql, groups: { label: string; terms: string[] }[], total: number) {
  const { searchWords, escapeLike } = await import("../../lib/tickets/queue");
  const result: { label: string; terms: string[]; selectivity: string }[] = [];
  for (const group of groups) {
    const shares: { text: number; comments: number }[] = [];
    for (const q of group.label === "ticket numbers" ? [] : group.terms) {
      const patterns = searchWords(q).map((w) => `%${escapeLike(w)}%`);
      const [row] = await sql<{ text: number; comments: number }[]>`
        select (select count(*)::int from tickets
                 where (number || ' ' || title || ' ' || description) ilike all (${patterns}::text[])
                   and wd_search_vector(number || ' ' || title || ' ' || description) @@ wd_search_query(${q})) as text,
               (select count(distinct ticket_id)::int from ticket_activities
                 where kind = 'comment' and body ilike all (${patterns}::text[])
                   and wd_search_vector(body) @@ wd_search_query(${q})) as comments`;
      shares.push({ text: (100 * row.text) / total, comments: (100 * row.comments) / total });
    }
    const span = (values: number[]) =>
      `${Math.min(...values).toFixed(values.some((v) => v < 0.1) ? 2 : 1)}–${Math.max(...values).toFixed(1)} %`;
    result.push({
      ...group,
      selectivity: shares.length
        ? ` (text matches ${span(shares.map((x) => x.text))} of tickets, comments ${span(shares.map((x) => x.comments))})`
        : "",
    });
  }
  return result;
}

function range(from: number, to: number) {
  return Array.from({ length: to - from + 1 }, (_, k) => from + k);
}

// A one-month window within the last 24 months, different for each sample.
function monthRange(i: number): [string, string] {
  const start = new Date(Date.now() - ((i * 37) % 700) * 86_400_000 - 30 * 86_400_000);
  const end = new Date(start.getTime() + 30 * 86_400_000);
  return [start.toISOString().slice(0, 10), end.toISOString().slice(0, 10)];
}

async function loadFixtures(sql: postgres.Sql) {
  const agents = await sql<{ id: string; name: string; role: string }[]>`
    select u.id, u.name, u.role from users u
     where u.role in ('agent', 'engineer') and exists (select 1 from team_members m where m.user_id = u.id)
     order by u.email`;
  const teams = await sql<{ id: string; name: string }[]>`select id, name from teams order by name`;
  const services = await sql<{ id: string; name: string }[]>`select id, name from services order by name`;
  await sql`select setseed(0.17)`;
  const numbers = (
    await sql<{ number: string }[]>`select number from tickets tablesample bernoulli (1) order by random() limit 300`
  ).map((r) => r.number);
  const heavy = await sql<{ number: string; n: number }[]>`
    select t.number, h.n from (select ticket_id, count(*)::int as n from ticket_activities group by ticket_id having count(*) >= 100) h
      join tickets t on t.id = h.ticket_id order by t.number`;
  const [{ typical }] = await sql<{ typical: number }[]>`
    select avg(n)::float8 as typical from (select count(*) as n from ticket_activities a join tickets t on t.id = a.ticket_id
     where t.number = any(${numbers}::text[]) group by a.ticket_id) x`;
  return {
    agents,
    teams,
    services,
    numbers,
    heavy: heavy.map((h) => h.number),
    heavyActivities: heavy.reduce((s, h) => s + h.n, 0) / Math.max(1, heavy.length),
    typicalActivities: typical,
  };
}

export function renderDesk(r: DeskResults): string {
  const m = r.machine;
  const d = r.data;
  const lines: string[] = [];
  lines.push(measuredLine("desk", r.date, r.quick, m));
  lines.push("");
  lines.push(
    `Data: **${n0(d.tickets)} tickets** over 24 months (60 % incidents, 8 % open) and **${n0(d.activities)} timeline entries** ` +
      `(${n0(d.comments)} comments; ${n0(d.heavyTickets)} tickets with 100+ entries), 50 users in 8 teams, 30 services; ` +
      `tickets ${d.sizes.tickets}, ticket_activities ${d.sizes.ticket_activities}. ` +
      `Generated server-side in **${mins(d.seconds.total)}** (tickets ${mins(d.seconds.tickets)}, timeline ${mins(d.seconds.activities)}, ` +
      `indexes and foreign keys ${mins(d.seconds.indexes)}, VACUUM ANALYZE ${mins(d.seconds.vacuum)})${d.reused ? " in an earlier run (database reused)" : ""}.`,
  );
  lines.push("");
  lines.push(
    `Server time of each call in-process (lib function → Postgres → rows), ${r.measured[1]?.samples ?? 200} calls per measure after 20 warm-up calls, parameters varied; page size 50.`,
  );
  lines.push("");
  lines.push("| Measure | p50 | p95 | max | Target | Met? |");
  lines.push("| --- | --- | --- | --- | --- | --- |");
  for (const x of r.measured) {
    const target = x.target === null ? "–" : `p95 ≤ ${x.target} ms`;
    const met = x.target === null ? "–" : x.p95 <= x.target ? "yes" : "**no**";
    lines.push(`| ${x.label} | ${fmt(x.p50)} | ${fmt(x.p95)} | ${fmt(x.max)} | ${target} | ${met} |`);
  }
  for (const note of r.notes) lines.push(`- ${note}`);
  lines.push("");
  lines.push(
    `CPU during the measurements: ${r.cpu}. Plans (EXPLAIN ANALYZE, BUFFERS) of each measure's slowest call: \`${r.plansFile}\`.`,
  );
  return `${lines.join("\n")}\n`;
}
