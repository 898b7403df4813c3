// The benchmark's markdown: machine, ceilings, pipeline figures with their ratios, CPU split, verdict on the targets.
import fs from "node:fs";
import type { CpuReport } from "./cpu";
import type { BenchResults } from "./ingest";

const TARGET_ACCEPT = 5000;
const TARGET_E2E = 1000;
const TARGET_P99_MS = 1000;

const n0 = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString("en-US") : "n/a");
const n2 = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : "n/a");
const ms = (n: number) => (Number.isFinite(n) ? `${n < 10 ? n.toFixed(1) : Math.round(n)} ms` : "n/a");

function cpuRow(label: string, c?: CpuReport) {
  if (!c) return `| ${label} | | | | | | | |`;
  return `| ${label} | ${n2(c.machineBusyCores)} / ${c.cores} | ${n2(c.web)} | ${n2(c.workers)} | ${n2(c.postgres)} (${n2(c.postgresOurs)}) | ${n2(c.redis)} | ${n2(c.bench)} | ${n2(c.other)} |`;
}

export function renderReport(r: BenchResults): string {
  const pg = (label: string) => r.pg.find((p) => p.label.startsWith(label));
  const bull = (label: string) => r.bull.find((b) => b.label.startsWith(label));
  const insert50 = pg("INSERT 50 rows/statement, 4 conns, logged");
  const insert1 = pg("INSERT 1 rows/statement");
  const addSingle = bull("addBulk 1 job/call");
  const noop4 = bull("no-op Worker, concurrency 4");
  const lines: string[] = [];
  const m = r.machine;
  lines.push(
    `Measured ${r.date.slice(0, 16).replace("T", " ")} UTC${r.quick ? " (**--quick** smoke run: small sizes, figures indicative only)" : ""} ` +
      `with \`npm run bench -- ingest\` on ${m.nproc} cores (${m.cpu}), ${m.ram} RAM, PostgreSQL ${m.postgres}, Redis ${m.redis}, ` +
      `Node ${m.node}. 1-min load average at start: ${m.loadAtStart} (other engineers' test suites share these cores).`,
  );
  lines.push("");
  lines.push("**Ceilings of this machine (same run)**");
  lines.push("");
  lines.push("| Ceiling | Rate |");
  lines.push("| --- | --- |");
  for (const p of r.pg)
    lines.push(`| Postgres ${p.label} | ${n0(p.rowsPerSecond)} rows/s (${n0(p.statementsPerSecond)} statements/s) |`);
  for (const b of r.bull) lines.push(`| BullMQ ${b.label} | ${n0(b.jobsPerSecond)} jobs/s |`);
  lines.push("");
  lines.push("**Ingestion pipeline**");
  lines.push("");
  lines.push("| Measure | Result | Ceiling it is compared with | Ratio | Target | Load (1-min) |");
  lines.push("| --- | --- | --- | --- | --- | --- |");
  const am = r.accept[0];
  const pd = r.accept[1];
  if (am) {
    const ceilings = [
      insert50 && {
        name: `Postgres INSERT 50 rows/statement, logged: ${n0(insert50.rowsPerSecond)} rows/s`,
        v: insert50.rowsPerSecond,
      },
      addSingle && {
        name: `BullMQ addBulk 1 job/call ×50 events: ${n0(addSingle.jobsPerSecond * 50)} events/s`,
        v: addSingle.jobsPerSecond * 50,
      },
    ].filter(Boolean) as { name: string; v: number }[];
    lines.push(
      `| Accepted alerts/s, Alertmanager batches of 50, 16 connections, no workers | **${n0(am.perSecond)} alerts/s** (${n0(am.requestsPerSecond)} req/s, p50 ${ms(am.p50)}, p99 ${ms(am.p99)}, ${am.errors} errors) | ${ceilings.map((c) => c.name).join("; ")} | ${ceilings.map((c) => n2(am.perSecond / c.v)).join("; ")} | ≥ ${n0(TARGET_ACCEPT)}: ${am.perSecond >= TARGET_ACCEPT ? "met" : "**missed**"} | ${am.load} |`,
    );
  }
  if (pd) {
    const ceilings = [
      insert1 && {
        name: `Postgres INSERT 1 row/statement, logged: ${n0(insert1.statementsPerSecond)}/s`,
        v: insert1.statementsPerSecond,
      },
      addSingle && { name: `BullMQ addBulk 1 job/call: ${n0(addSingle.jobsPerSecond)}/s`, v: addSingle.jobsPerSecond },
    ].filter(Boolean) as { name: string; v: number }[];
    lines.push(
      `| Accepted events/s, single PagerDuty v2 events, 16 connections, no workers | **${n0(pd.perSecond)} events/s** (p50 ${ms(pd.p50)}, p99 ${ms(pd.p99)}, ${pd.errors} errors) | ${ceilings.map((c) => c.name).join("; ")} | ${ceilings.map((c) => n2(pd.perSecond / c.v)).join("; ")} | – | ${pd.load} |`,
    );
  }
  for (const e of r.e2e) {
    const ceilings = [
      noop4 && {
        name: `BullMQ no-op Worker ×50 events/job: ${n0(noop4.jobsPerSecond * 50)} events/s`,
        v: noop4.jobsPerSecond * 50,
      },
      am && { name: `HTTP accept (above): ${n0(am.perSecond)} alerts/s`, v: am.perSecond },
    ].filter(Boolean) as { name: string; v: number }[];
    lines.push(
      `| Sustained end to end, ${n0(e.events)} events / 10k fingerprints, 20 % resolves, 5 % re-deliveries, **${e.workers} worker process${e.workers > 1 ? "es" : ""}** (concurrency 4 each), first accepted → last processed | **${n0(e.perSecond)} events/s** (${n2(e.seconds)} s; engine alone ${n0(e.enginePerSecond)} events/s; ${n0(e.processed)}/${n0(e.events)} processed${e.timedOut ? ", TIMED OUT" : ""}, ${e.failed} failed; ${n0(e.incidents)} incidents) | ${ceilings.map((c) => c.name).join("; ")} | ${ceilings.map((c) => n2(e.perSecond / c.v)).join("; ")} | ≥ ${n0(TARGET_E2E)}: ${e.perSecond >= TARGET_E2E && !e.timedOut ? "met" : "**missed**"} | ${e.load} |`,
    );
  }
  const l = r.latency;
  if (l) {
    lines.push(
      `| Accept (202 received) → incident visible (alert committed with incident_id), ${n0(l.offeredPerSecond)} events/s offered as ${n0(l.offeredPerSecond / l.batch)} req/s × ${l.batch} new alerts for ${l.seconds} s, ${l.workers} worker process${l.workers > 1 ? "es" : ""} | **p50 ${ms(l.p50)}, p99 ${ms(l.p99)}** (max ${ms(l.max)}; send → visible p99 ${ms(l.sendP99)}; HTTP accept p50 ${ms(l.acceptP50)}, p99 ${ms(l.acceptP99)}; achieved ${n0(l.achievedPerSecond)} events/s, ${l.visible}/${l.requests} visible, ${l.dropped} dropped) | target | p99 / 1 s = ${n2(l.p99 / TARGET_P99_MS)} | p99 ≤ 1 s: ${l.p99 <= TARGET_P99_MS && l.visible === l.requests - l.dropped - l.errors ? "met" : "**missed**"} | ${l.load} |`,
    );
  }
  for (const e of r.e2e) {
    lines.push(
      `| Queries per event, end to end, ${e.workers} worker${e.workers > 1 ? "s" : ""} | engine ${n2(e.engineQueriesPerEvent)} statements/event (its own count, summed from ${n0(e.jobsSeen)} job results) + accept 0.04 (per 50-alert request: auth SELECT + one INSERT; BEGIN/INSERT/UPDATE/COMMIT instead when the integration's last_event_at is over 1 s old); ${n2(e.xactsPerEvent)} transactions/event, ${n2(e.tuplesPerEvent.inserted)} rows inserted, ${n2(e.tuplesPerEvent.updated)} updated, ${n2(e.tuplesPerEvent.fetched)} fetched per event (pg_stat_database) | – | – | – | |`,
    );
  }
  if (am) {
    lines.push(
      `| Transactions per accepted request (pg_stat_database) | Alertmanager ${n2(am.xactsPerRequest)}${pd ? `, PagerDuty ${n2(pd.xactsPerRequest)}` : ""} | – | – | – | |`,
    );
  }
  lines.push("");
  lines.push(
    "**Where the CPU went** (cores used during each phase, from /proc; postgres = all Postgres processes, in brackets this database's backends; other = everything else on the machine)",
  );
  lines.push("");
  lines.push("| Phase | Machine busy | web | workers | postgres | redis | load generator | other |");
  lines.push("| --- | --- | --- | --- | --- | --- | --- | --- |");
  if (am) lines.push(cpuRow("Accept, Alertmanager ×50", am.cpu));
  if (pd) lines.push(cpuRow("Accept, PagerDuty single", pd.cpu));
  for (const e of r.e2e) lines.push(cpuRow(`End to end, ${e.workers} worker${e.workers > 1 ? "s" : ""}`, e.cpu));
  if (l) lines.push(cpuRow("Latency at 500 events/s", l.cpu));
  lines.push("");
  lines.push("**Targets**");
  lines.push("");
  if (am)
    lines.push(`- ≥ 5,000 alerts/s accepted in batches: ${verdict(am.perSecond, TARGET_ACCEPT, "alerts/s", true)}.`);
  const bestE2e = [...r.e2e].sort((a, b) => b.perSecond - a.perSecond)[0];
  if (bestE2e)
    lines.push(
      `- ≥ 1,000 events/s sustained end to end: ${verdict(bestE2e.perSecond, TARGET_E2E, "events/s", true)} (best: ${bestE2e.workers} worker process${bestE2e.workers > 1 ? "es" : ""}${r.e2e.length > 1 ? `; ${r.e2e.map((e) => `${e.workers} → ${n0(e.perSecond)}`).join(", ")}` : ""}).`,
    );
  if (l)
    lines.push(
      `- p99 ≤ 1 s from accept to incident visible at 500 events/s: ${verdict(l.p99, TARGET_P99_MS, "ms", false)}.`,
    );
  for (const note of r.notes) lines.push(`- ${note}`);
  return `${lines.join("\n")}\n`;
}

function verdict(value: number, target: number, unit: string, higherIsBetter: boolean) {
  const isMet = higherIsBetter ? value >= target : value <= target;
  if (isMet) return `**met** (${n0(value)} ${unit})`;
  const gap = Math.abs(value - target);
  return `**missed** by ${n0(gap)} ${unit} (${n0(value)} vs ${n0(target)}, ${((100 * gap) / target).toFixed(0)} % ${higherIsBetter ? "short" : "over"})`;
}

// Replaces a generated block (<!-- bench:NAME:start --> … end) of the README's Performance section, adding it at the
// end of the file (under a Performance heading when there is none) when missing.
export function writeReadmeSection(file: string, markdown: string, name = "ingest") {
  const start = `<!-- bench:${name}:start -->`;
  const end = `<!-- bench:${name}:end -->`;
  const text = fs.readFileSync(file, "utf8");
  const block = `${start}\n${markdown}${end}`;
  if (text.includes(start) && text.includes(end)) {
    fs.writeFileSync(file, text.slice(0, text.indexOf(start)) + block + text.slice(text.indexOf(end) + end.length));
  } else {
    const heading = text.includes("\n## Performance\n") ? "" : "\n## Performance\n";
    fs.writeFileSync(file, `${text.trimEnd()}\n${heading}\n${block}\n`);
  }
}
