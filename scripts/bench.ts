// `npm run bench -- <name> [options]`: performance benchmarks against real Postgres (and Redis) in a throwaway
// database that is removed afterwards.
//   npm run bench -- ingest            full run (~10 min): ceilings, HTTP accept, 200k-event end to end, latency
//   npm run bench -- ingest --quick    short smoke version (~2 min); does not touch the README unless --readme
//     Options: --workers 1,2  --events N  --readme / --no-readme  --profile (V8 CPU profiles, summarised)
//     Needs a production build (.next/BUILD_ID).
//   npm run bench -- desk              queue, search and ticket page at 1M tickets / 5M timeline entries (~20 min)
//   npm run bench -- desk --quick      100k tickets; does not touch the README unless --readme
//     Options: --tickets N  --keep (keep the database)  --reuse <dbname> (skip generation)  --samples N
//   npm run bench -- sla               SLA report and clock recompute at 1M tickets over 24 months (~10 min)
//   npm run bench -- sla --quick       100k tickets; does not touch the README unless --readme
//     Options: --tickets N  --keep  --reuse <dbname>  --samples N (report calls per grouping, default 30)
//   npm run bench -- oncall            incident → email/push latency over 1,000 incidents, phone page JS and LCP (~6 min)
//   npm run bench -- oncall --quick    200 incidents, 3 page loads; does not touch the README unless --readme
//     Options: --incidents N  --rate N (triggers per second, default 20)  --workers N (processes, default 1)  --keep  --profile
//     Needs a production build (.next/BUILD_ID) and Chromium (/usr/bin/chromium or CHROMIUM_PATH).
import { parseArgs } from "node:util";

const USAGE = `Usage:
  npm run bench -- ingest [--quick] [--workers 1,2] [--events 200000] [--readme | --no-readme] [--profile]
  npm run bench -- desk [--quick] [--tickets 1000000] [--keep] [--reuse <dbname>] [--samples 200] [--readme | --no-readme]
  npm run bench -- sla [--quick] [--tickets 1000000] [--keep] [--reuse <dbname>] [--samples 30] [--readme | --no-readme]
  npm run bench -- oncall [--quick] [--incidents 1000] [--rate 20] [--workers 1] [--keep] [--readme | --no-readme] [--profile]`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    quick: { type: "boolean", default: false },
    workers: { type: "string" },
    events: { type: "string" },
    tickets: { type: "string" },
    incidents: { type: "string" },
    rate: { type: "string" },
    samples: { type: "string" },
    keep: { type: "boolean", default: false },
    reuse: { type: "string" },
    readme: { type: "boolean" },
    "no-readme": { type: "boolean", default: false },
    profile: { type: "boolean", default: false },
    help: { type: "boolean", default: false },
  },
});

const [name] = positionals;
if (values.help || !["ingest", "desk", "sla", "oncall"].includes(name)) {
  console.log(USAGE);
  process.exit(values.help ? 0 : 2);
}
const quick = values.quick ?? false;
const writeReadme = values["no-readme"] ? false : (values.readme ?? !quick);

function integer(option: string, raw: string | undefined, fallback: number, min: number, max: number) {
  const n = raw === undefined ? fallback : Number(raw.replaceAll("_", "").replaceAll(",", ""));
  if (!Number.isInteger(n) || n < min || n > max) {
    console.error(
      `--${option} must be an integer between ${min.toLocaleString("en-US")} and ${max.toLocaleString("en-US")}`,
    );
    process.exit(2);
  }
  return n;
}

let code: number;
// The generated-database benchmarks (desk, sla) share their options.
const generated = () => ({
  tickets: integer("tickets", values.tickets, quick ? 100_000 : 1_000_000, 20_000, 5_000_000),
  quick,
  keep: values.keep ?? false,
  reuse: values.reuse,
  writeReadme,
});
if (name === "desk") {
  const { runDeskBench } = await import("./bench/desk");
  code = await runDeskBench({
    ...generated(),
    samples: integer("samples", values.samples, 200, 10, 10_000),
    warmup: 20,
  });
} else if (name === "oncall") {
  const { runOncallBench } = await import("./bench/oncall");
  code = await runOncallBench({
    quick,
    incidents: integer("incidents", values.incidents, quick ? 200 : 1_000, 10, 100_000),
    rate: integer("rate", values.rate, 20, 1, 1_000),
    runs: quick ? 3 : 5,
    writeReadme,
    keep: values.keep ?? false,
    profile: values.profile ?? false,
    workers: integer("workers", values.workers, 1, 1, 8),
  });
} else if (name === "sla") {
  const { runSlaBench } = await import("./bench/sla");
  code = await runSlaBench({ ...generated(), samples: integer("samples", values.samples, 30, 5, 10_000), warmup: 3 });
} else {
  const workerCounts = (values.workers ?? (quick ? "1" : "1,2"))
    .split(",")
    .map((s) => Number(s.trim()))
    .filter((n) => Number.isInteger(n) && n >= 1 && n <= 8);
  const { runIngestBench } = await import("./bench/ingest");
  code = await runIngestBench({
    quick,
    workerCounts,
    events: integer("events", values.events, quick ? 10_000 : 200_000, 50, 1_000_000),
    writeReadme,
    profile: values.profile ?? false,
  });
}
process.exit(code);
