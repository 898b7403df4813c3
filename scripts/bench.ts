// `npm run bench -- <name> [options]`: performance benchmarks against real Postgres and Redis in a throwaway database
// and Redis prefix. Run from a checkout that has a production build (.next/BUILD_ID).
//   npm run bench -- ingest            full run (~10 min): ceilings, HTTP accept, 200k-event end to end, latency
//   npm run bench -- ingest --quick    short smoke version (~2 min); does not touch the README unless --readme
// Options: --workers 1,2  --events N  --readme / --no-readme  --profile (V8 CPU profiles of web and workers, summarised)
import { parseArgs } from "node:util";
import { runIngestBench } from "./bench/ingest";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    quick: { type: "boolean", default: false },
    workers: { type: "string" },
    events: { type: "string" },
    readme: { type: "boolean" },
    "no-readme": { type: "boolean", default: false },
    profile: { type: "boolean", default: false },
    help: { type: "boolean", default: false },
  },
});

const [name] = positionals;
if (values.help || name !== "ingest") {
  console.log(
    "Usage: npm run bench -- ingest [--quick] [--workers 1,2] [--events 200000] [--readme | --no-readme] [--profile]",
  );
  process.exit(values.help ? 0 : 2);
}

const workerCounts = (values.workers ?? (values.quick ? "1" : "1,2"))
  .split(",")
  .map((s) => Number(s.trim()))
  .filter((n) => Number.isInteger(n) && n >= 1 && n <= 8);
const events = values.events ? Number(values.events) : values.quick ? 10_000 : 200_000;
if (!Number.isInteger(events) || events < 50 || events > 1_000_000) {
  console.error("--events must be an integer between 50 and 1,000,000");
  process.exit(2);
}
const writeReadme = values["no-readme"] ? false : (values.readme ?? !values.quick);

const code = await runIngestBench({
  quick: values.quick ?? false,
  workerCounts,
  events,
  writeReadme,
  profile: values.profile ?? false,
});
process.exit(code);
