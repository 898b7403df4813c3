// `npm run bench -- sla`: the SLA report's server time and the recompute of every clock after a calendar change, at
// 1,000,000 tickets over 24 months, by calling the real lib functions in-process against a throwaway database.
import fs from "node:fs";
import path from "node:path";
import { drizzle } from "drizzle-orm/postgres-js";
import type postgres from "postgres";
import type { Db } from "../../db/client";
import type { SlaClock, WorkingHours } from "../../db/schema";
import * as schema from "../../db/schema";
import type { Ctx } from "../../lib/context";
import type { ExistingClock } from "../../lib/sla/refresh";
import type { SlaReportInput } from "../../lib/sla/report";
import { cpuBetween, cpuSnapshot, formatCpu } from "./cpu";
import type { DeskOptions } from "./desk";
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
import { clockInputs, generateSla, SEOUL_CALENDAR, type SlaGenerated } from "./sla-data";

export type SlaOptions = DeskOptions;

const REPORT_TARGET_MS = 500;
const RECOMPUTE_TARGET_S = 60;
const VERIFY_SAMPLE = 1_000;

type ReportMeasure = {
  label: string;
  samples: number;
  p50: number;
  p95: number;
  max: number;
  slowest: string;
  load: string;
};
type RecomputeMeasure = {
  label: string;
  unit: string;
  clocks: number;
  seconds: number;
  notified: number;
  verified: string;
  load: string;
  cpu: string;
  cpuSeconds: number;
  isTargeted: boolean;
};
type SlaResults = {
  date: string;
  quick: boolean;
  machine: Record<string, string>;
  data: SlaGenerated & { database: string; reused: boolean; statusChanges: number; open: number };
  reports: ReportMeasure[];
  recomputes: RecomputeMeasure[];
  plansFile: string;
};

export async function runSlaBench(options: SlaOptions): Promise<number> {
  return withBenchDatabase(
    { name: "sla", keep: options.keep, reuse: options.reuse },
    async (url, connect) => {
      say(`generating ${n0(options.tickets)} tickets with status histories and SLA clocks (load ${load()})`);
      const generated = await generateSla(url, connect, options.tickets);
      say(`generated in ${(generated.seconds.total / 60 + generated.clocks.seconds.total / 60).toFixed(1)} min`);
      return generated;
    },
    (bench) => measureSla(options, bench),
  );
}

async function measureSla(options: SlaOptions, bench: BenchDatabase<SlaGenerated>): Promise<number> {
  const { root, suffix, database, url, data, admin, outDir } = bench;
  const { createDb } = await import("../../db/client");
  const { sql: appSql, db } = createDb(url, { max: 4 });
  try {
    const machine = await machineInfo(admin);
    sayMachine(machine);
    const [counts] = await admin<{ statusChanges: number; open: number }[]>`
      select (select count(*)::int from ticket_activities where kind = 'status_change') as "statusChanges",
             (select count(*)::int from tickets where status in ('new', 'acknowledged', 'in_progress', 'pending')) as open`;
    const pids = async () =>
      (await admin<{ pid: number }[]>`select pid from pg_stat_activity where datname = ${database}`).map((r) => r.pid);

    const { reports, plansFile } = await measureReports(options, bench, appSql, db);
    const recomputes = await measureRecomputes(bench, db, pids);

    const results: SlaResults = {
      date: new Date().toISOString(),
      quick: options.quick,
      machine: { ...machine, loadAtEnd: loadAverages() },
      data: { ...data, database, reused: bench.isReused, ...counts },
      reports,
      recomputes,
      plansFile: path.relative(root, plansFile),
    };
    const markdown = renderSla(results);
    console.log(`\n${markdown}`);
    const outFile = path.join(outDir, `sla-${suffix}${options.quick ? "-quick" : ""}.md`);
    fs.writeFileSync(outFile, markdown);
    fs.writeFileSync(outFile.replace(/\.md$/, ".json"), JSON.stringify(results, null, 2));
    say(`written ${path.relative(root, outFile)}`);
    if (options.writeReadme) {
      writeReadmeSection(path.join(root, "README.md"), markdown, "sla");
      say("README.md: sla block updated");
    }
    return 0;
  } finally {
    await appSql.end({ timeout: 5 });
  }
}

// The last four full calendar quarters before today, as report inputs.
function quarters(now = new Date()) {
  const list: { from: string; to: string; label: string }[] = [];
  let year = now.getUTCFullYear();
  let q = Math.floor(now.getUTCMonth() / 3);
  for (let k = 0; k < 4; k++) {
    q -= 1;
    if (q < 0) {
      q = 3;
      year -= 1;
    }
    const from = `${year}-${String(q * 3 + 1).padStart(2, "0")}-01`;
    const last = new Date(Date.UTC(year, q * 3 + 3, 0)).getUTCDate();
    const to = `${year}-${String(q * 3 + 3).padStart(2, "0")}-${last}`;
    list.push({ from, to, label: `${year} Q${q + 1}` });
  }
  return list;
}

async function measureReports(
  options: SlaOptions,
  bench: BenchDatabase<SlaGenerated>,
  appSql: postgres.Sql,
  db: Db,
): Promise<{ reports: ReportMeasure[]; plansFile: string }> {
  const { getSlaReport } = await import("../../lib/sla/report");
  const [manager] = await bench.admin<{ id: string; name: string }[]>`
    select id, name from users where role = 'manager' order by email limit 1`;
  const ctxFor = (database: Db): Ctx => ({
    actor: { type: "user", id: manager.id, role: "manager", label: manager.name },
    db: database,
  });
  const periods = quarters();
  const reports: ReportMeasure[] = [];
  const slowestInputs: { label: string; input: SlaReportInput }[] = [];
  for (const groupBy of ["team", "priority"] as const) {
    const input = (i: number): SlaReportInput => {
      const p = periods[i % periods.length];
      return { from: p.from, to: p.to, groupBy, timeZone: "Asia/Seoul", breachedLimit: 50, breachedOffset: 0 };
    };
    const loadAt = load();
    for (let i = 0; i < options.warmup; i++) await getSlaReport(ctxFor(db), input(i));
    const times: number[] = [];
    for (let k = 0; k < options.samples; k++) {
      const t = performance.now();
      await getSlaReport(ctxFor(db), input(k));
      times.push(performance.now() - t);
    }
    const worst = times.indexOf(Math.max(...times));
    const m: ReportMeasure = {
      label: `SLA report for a quarter, grouped by ${groupBy} (${periods.map((p) => p.label).join(", ")} rotating)`,
      samples: times.length,
      p50: percentile(times, 50),
      p95: percentile(times, 95),
      max: times[worst],
      slowest: periods[worst % periods.length].label,
      load: `${loadAt}→${load()}`,
    };
    reports.push(m);
    slowestInputs.push({ label: m.label, input: input(worst) });
    say(`${m.label}: p50 ${fmt(m.p50)}, p95 ${fmt(m.p95)}, max ${fmt(m.max)} (slowest: ${m.slowest}; load ${m.load})`);
  }

  // EXPLAIN (ANALYZE, BUFFERS) of every statement behind each grouping's slowest call.
  let captured: { query: string; params: unknown[] }[] | null = null;
  const captureDb = drizzle(appSql, {
    schema,
    logger: { logQuery: (query, params) => captured?.push({ query, params }) },
  }) as unknown as Db;
  const planText = [`EXPLAIN (ANALYZE, BUFFERS) for npm run bench -- sla, ${new Date().toISOString()}`, ""];
  for (const s of slowestInputs) {
    captured = [];
    await getSlaReport(ctxFor(captureDb), s.input);
    const statements: { query: string; params: unknown[] }[] = captured;
    captured = null;
    planText.push(`${"=".repeat(118)}\n${s.label}\ninput: ${JSON.stringify(s.input)}\n`);
    for (const st of statements) {
      const rows = await appSql.unsafe(`explain (analyze, buffers) ${st.query}`, st.params as never[]);
      planText.push(`-- ${st.query}\n-- params: ${JSON.stringify(st.params)}`);
      planText.push(rows.map((r) => r["QUERY PLAN"]).join("\n"), "");
    }
  }
  const plansFile = path.join(bench.outDir, `sla-plans-${bench.suffix}.txt`);
  fs.writeFileSync(plansFile, `${planText.join("\n")}\n`);
  say(`plans written to ${path.relative(bench.root, plansFile)}`);
  return { reports, plansFile };
}

async function measureRecomputes(
  bench: BenchDatabase<SlaGenerated>,
  db: Db,
  pids: () => Promise<number[]>,
): Promise<RecomputeMeasure[]> {
  const { admin, url, connect } = bench;
  const { recomputeCalendarClocks, applySlaConfigChange } = await import("../../lib/sla/recompute");
  const { SLA_TIMER_CHANNEL } = await import("../../lib/sla/refresh");
  const [seoul] = await admin<{ id: string; hours: WorkingHours[] }[]>`
    select id, hours from business_calendars where name = ${SEOUL_CALENDAR}`;
  let notified = 0;
  const listener = connect(url, { max: 1 });
  await listener.listen(SLA_TIMER_CHANNEL, () => {
    notified += 1;
  });
  // Notifications arrive after the commit that sent them: wait until none came for a second.
  const settle = async () => {
    let seen = -1;
    while (seen !== notified) {
      seen = notified;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    return notified;
  };
  const measures: RecomputeMeasure[] = [];
  const timed = async (
    label: string,
    unit: "clocks" | "open tickets",
    run: () => Promise<number>,
    verify: () => Promise<string>,
  ) => {
    await settle();
    notified = 0;
    const loadAt = load();
    const cpuA = cpuSnapshot({ web: [], workers: [], postgresBackends: await pids() });
    const t = performance.now();
    const clocks = await run();
    const seconds = (performance.now() - t) / 1000;
    const used = cpuBetween(cpuA, cpuSnapshot({ web: [], workers: [], postgresBackends: await pids() }));
    const m: RecomputeMeasure = {
      label,
      unit,
      clocks,
      seconds,
      notified: await settle(),
      verified: await verify(),
      load: `${loadAt}→${load()}`,
      cpu: formatCpu(used),
      cpuSeconds: (used.postgresOurs + used.bench) * used.seconds,
      isTargeted: unit === "clocks",
    };
    measures.push(m);
    say(
      `${label}: ${n0(clocks)} ${unit} in ${seconds.toFixed(1)} s (${n0(clocks / seconds)} ${unit}/s), ${n0(m.notified)} timer notifications; ${m.verified}`,
    );
  };

  // A reused database has had the change already: it goes back and forth.
  const isEarly = seoul.hours[0]?.start === "08:30";
  const hours = seoul.hours.map((h) => ({
    ...h,
    start: isEarly ? "09:00" : "08:30",
    end: isEarly ? "18:00" : "17:30",
  }));
  await admin`
    update business_calendars set hours = ${admin.json(hours)}, version = version + 1, updated_at = now()
     where id = ${seoul.id}`;
  const hoursNow = new Date();
  await timed(
    `Working hours changed to ${hours[0].start}–${hours[0].end}: recomputeCalendarClocks (every clock on the calendar moves)`,
    "clocks",
    () => recomputeCalendarClocks(db, seoul.id, undefined, hoursNow),
    () => verifySample(admin, db, seoul.id, hoursNow.getTime(), true),
  );

  const [holiday] = await admin<{ date: string }[]>`
    select d::date::text as date from generate_series(current_date - 90, current_date - 60, interval '1 day') d
     where extract(isodow from d) < 6
       and not exists (select 1 from calendar_holidays h where h.calendar_id = ${seoul.id} and h.date = d::date)
     limit 1`;
  await admin.begin(async (tx) => {
    await tx`insert into calendar_holidays (calendar_id, date, name) values (${seoul.id}, ${holiday.date}, '임시공휴일 Temporary holiday')`;
    await tx`update business_calendars set version = version + 1, updated_at = now() where id = ${seoul.id}`;
  });
  const holidayAt = Date.now();
  await timed(
    `Holiday added on ${holiday.date}: applySlaConfigChange({ calendarId }) as the workers run it`,
    "clocks",
    () => applySlaConfigChange(db, { calendarId: seoul.id }),
    () => verifySample(admin, db, seoul.id, holidayAt, false),
  );
  const [policy] = await admin<{ id: string }[]>`
    update sla_policies set warn_percent = case when warn_percent = 80 then 75 else 80 end, version = version + 1, updated_at = now()
     where calendar_id = ${seoul.id} returning id`;
  await timed(
    "Policy edited (warning percentage): applySlaConfigChange({ policyId }), open tickets' clocks re-derived from history",
    "open tickets",
    () => applySlaConfigChange(db, { policyId: policy.id }),
    async () => "–",
  );
  await listener.end({ timeout: 5 });
  return measures;
}

type StoredClock = ExistingClock &
  Pick<SlaClock, "elapsedSeconds" | "dueAt" | "warnAt" | "isBreached" | "breachMarkedAt">;

// Re-derives a random sample of the calendar's clocks from their tickets' history with the new calendar and
// compares them with what the recompute stored. Running clocks' elapsed time and breach are compared only when
// the recompute ran at a known instant.
async function verifySample(admin: postgres.Sql, db: Db, calendarId: string, now: number, isExact: boolean) {
  const { loadSlaConfig, deriveTicketClocks } = await import("../../lib/sla/refresh");
  const sample = await admin<{ ticketId: string }[]>`
    select distinct ticket_id as "ticketId" from (
      select ticket_id from sla_clocks where calendar_id = ${calendarId} order by random() limit ${VERIFY_SAMPLE}) s`;
  const ids = sample.map((s) => s.ticketId);
  const stored = await admin<StoredClock[]>`
    select ticket_id as "ticketId", metric, state, stopped_at as "stoppedAt", policy_id as "policyId",
           calendar_id as "calendarId", priority, target_seconds as "targetSeconds", warn_percent as "warnPercent",
           elapsed_seconds as "elapsedSeconds", due_at as "dueAt", warn_at as "warnAt", is_breached as "isBreached",
           breach_marked_at as "breachMarkedAt"
      from sla_clocks where ticket_id = any(${ids}::uuid[])`;
  const config = await loadSlaConfig(db);
  const inputs = await clockInputs(admin, ids);
  const ms = (d: Date | null) => d?.getTime() ?? null;
  let checked = 0;
  const mismatches: string[] = [];
  for (const facts of inputs.facts) {
    const existing = stored.filter((s) => s.ticketId === facts.id);
    const derived = deriveTicketClocks(
      facts,
      inputs.changesBy.get(facts.id) ?? [],
      inputs.replyBy.get(facts.id) ?? null,
      existing,
      config,
      now,
    );
    for (const s of existing.filter((e) => e.calendarId === calendarId)) {
      const d = derived.find((x) => x.metric === s.metric);
      checked += 1;
      const isRunning = s.state === "running";
      const expected = {
        state: d?.state,
        dueAt: ms(d?.dueAt ?? null),
        warnAt: ms(d?.warnAt ?? null),
        ...(isExact || !isRunning
          ? { elapsedSeconds: d?.elapsedSeconds, isBreached: Boolean(d?.isBreached) || s.breachMarkedAt !== null }
          : {}),
      };
      const actual = {
        state: s.state,
        dueAt: ms(s.dueAt),
        warnAt: ms(s.warnAt),
        ...(isExact || !isRunning ? { elapsedSeconds: s.elapsedSeconds, isBreached: s.isBreached } : {}),
      };
      if (JSON.stringify(expected) !== JSON.stringify(actual))
        mismatches.push(
          `${s.ticketId} ${s.metric}: stored ${JSON.stringify(actual)}, derived ${JSON.stringify(expected)}`,
        );
    }
  }
  for (const m of mismatches.slice(0, 5)) say(`  mismatch ${m}`);
  return `${n0(checked)} random clocks re-derived from history: ${mismatches.length} differ`;
}

const pct = (part: number, whole: number) => `${((100 * part) / Math.max(1, whole)).toFixed(1)} %`;

export function renderSla(r: SlaResults): string {
  const m = r.machine;
  const d = r.data;
  const lines: string[] = [];
  lines.push(measuredLine("sla", r.date, r.quick, m));
  lines.push("");
  const metrics = d.clocks.byMetric
    .map(
      (x) =>
        `${x.metric} ${n0(x.total)} (${pct(x.breached, x.total)} breached, ${n0(x.running)} running, ${n0(x.paused)} paused)`,
    )
    .join("; ");
  lines.push(
    `Data: **${n0(d.tickets)} tickets** over 24 months (${pct(d.open, d.tickets)} open; 60 % incidents, 45 % of them alert-born with an earlier first event) ` +
      `with **${n0(d.statusChanges)} status changes** (pending pauses, reopenings, cancellations; ${n0(d.activities)} timeline entries in all), ` +
      `and **${n0(d.clocks.total)} SLA clocks**: ${metrics}; sla_clocks ${d.clocks.size}. ` +
      `Calendars: Seoul business hours (Mon–Fri 09:00–18:00 Asia/Seoul, Korean public holidays of lib/sla/holidays-kr.ts) and 24×7. ` +
      `Policies: P1 15 min / 4 h on 24×7; P2 1 h / 8 h, P3 4 h / 24 h, P4 8 h / 72 h, P5 3 d / 10 d (working days of 9 h) on business hours. ` +
      `Generated in **${mins(d.seconds.total + d.clocks.seconds.total)}**${d.reused ? " in an earlier run (database reused)" : ""}: ` +
      `lifecycles in Node ${mins(d.seconds.lifecycles ?? 0)}, tickets ${mins(d.seconds.tickets)}, timeline ${mins(d.seconds.activities)}, ` +
      `ticket indexes and foreign keys ${mins(d.seconds.indexes)}, VACUUM ANALYZE ${mins(d.seconds.vacuum)}, ` +
      `clocks derived by \`deriveTicketClocks\` and written with COPY ${mins(d.clocks.seconds.derive)}, clock indexes ${mins(d.clocks.seconds.indexes)}.`,
  );
  lines.push("");
  lines.push("| Measure | Result | Target | Met? |");
  lines.push("| --- | --- | --- | --- |");
  for (const x of r.reports) {
    lines.push(
      `| ${x.label}, ${x.samples} calls in-process as a manager | p50 ${fmt(x.p50)}, **p95 ${fmt(x.p95)}**, max ${fmt(x.max)} (slowest ${x.slowest}; load ${x.load}) | p95 ≤ ${REPORT_TARGET_MS} ms | ${x.p95 <= REPORT_TARGET_MS ? "yes" : "**no**"} |`,
    );
  }
  for (const x of r.recomputes) {
    const perMillion = (x.seconds * 1_000_000) / Math.max(1, x.clocks);
    lines.push(
      `| ${x.label} | ${n0(x.clocks)} ${x.unit} in **${x.seconds.toFixed(1)} s** (${n0(x.clocks / x.seconds)} ${x.unit}/s${x.isTargeted ? `, ${perMillion.toFixed(1)} s per 1M clocks` : ""}); ${n0(x.notified)} timer notifications; ${x.verified}; CPU ${x.cpuSeconds.toFixed(1)} s in this database's backends and the benchmark${x.isTargeted ? `, ${((x.cpuSeconds * 1_000_000) / Math.max(1, x.clocks)).toFixed(1)} CPU-s per 1M clocks` : ""} (load ${x.load}) | ${x.isTargeted ? `≤ ${RECOMPUTE_TARGET_S} s per 1M clocks` : "–"} | ${x.isTargeted ? (perMillion <= RECOMPUTE_TARGET_S ? "yes" : "**no**") : "–"} |`,
    );
  }
  lines.push("");
  for (const x of r.recomputes) lines.push(`- CPU during "${x.label.split(": ")[0]}": ${x.cpu}.`);
  lines.push(`- Plans (EXPLAIN ANALYZE, BUFFERS) of each grouping's slowest call: \`${r.plansFile}\`.`);
  return `${lines.join("\n")}\n`;
}
