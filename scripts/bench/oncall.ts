// `npm run bench -- oncall`: how long an incident takes from opening to its first email handed to SMTP and its first
// web push handed to the push service, through the real path (PagerDuty v2 trigger → events worker → escalation →
// notify worker), and what the phone incident page costs a phone: its JavaScript and its Largest Contentful Paint
// on emulated slow 4G with a 4× slower CPU. Production server and workers as child processes, a real SMTP server
// and a Web Push endpoint in this process, a throwaway database, Redis prefix and data directory.
import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import { type Browser, type BrowserContext, type BrowserContextOptions, chromium, devices } from "@playwright/test";
import { Queue } from "bullmq";
import IORedis from "ioredis";
import type { Db } from "../../db/client";
import type { Ctx } from "../../lib/context";
import { CHROMIUM_LAUNCH } from "../../tests/support/chromium";
import { startPushEndpoint, type TestPushEndpoint } from "../../tests/support/push-endpoint";
import { startSmtp, type TestSmtpServer } from "../../tests/support/smtp";
import { type CpuReport, cpuBetween, cpuSnapshot, formatCpu, summarizeProfiles } from "./cpu";
import {
  type BenchDatabase,
  type BenchRun,
  fmt,
  load,
  loadAverages,
  machineInfo,
  measuredLine,
  n0,
  say,
  sayMachine,
  withBenchDatabase,
} from "./harness";
import { keepAliveAgent, percentile, post } from "./load";
import { appEnv, type Logged, sleep, startWeb, startWorkers, stopChild } from "./processes";
import { writeReadmeSection } from "./report";

export type OncallOptions = {
  quick: boolean;
  incidents: number;
  rate: number;
  runs: number;
  writeReadme: boolean;
  keep: boolean;
  profile: boolean;
  workers: number;
};

const TARGET_P99_MS = 2000;
const TARGET_JS_KB = 150;
const TARGET_LCP_MS = 2500;
const KB = 1000;
const WARMUP_INCIDENTS = 5;
const ARRIVAL_GRACE_MS = 120_000;

// Lighthouse's mobile "slow 4G" (its constants: 150 ms RTT, 1.6 × 1024 kbps down, 750 kbps up) as given, and the
// request-level equivalent Lighthouse itself applies when it throttles through DevTools (RTT × 3.75, throughput × 0.9).
const NETWORKS = [
  {
    key: "slow4g",
    label: "slow 4G as given: 150 ms latency, 1.6 Mbps down, 750 kbps up",
    latency: 150,
    down: (1.6 * 1024 * 1024) / 8,
    up: (750 * 1024) / 8,
  },
  {
    key: "slow4g-devtools",
    label: "slow 4G as Lighthouse applies it through DevTools: 562.5 ms latency, 1.47 Mbps down, 675 kbps up",
    latency: 150 * 3.75,
    down: (1.6 * 1024 * 1024 * 0.9) / 8,
    up: (750 * 1024 * 0.9) / 8,
  },
] as const;
const CPU_SLOWDOWN = 4;

// A Pixel-sized phone: 360 × 780 CSS pixels at 3 device pixels each, touch, Chrome on Android's user agent.
const PHONE: BrowserContextOptions = {
  userAgent: devices["Pixel 7"].userAgent,
  viewport: { width: 360, height: 780 },
  screen: { width: 360, height: 780 },
  deviceScaleFactor: 3,
  isMobile: true,
  hasTouch: true,
  locale: "en-US",
};

type Latency = {
  channel: "email" | "push";
  arrived: number;
  duplicates: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  slowest: string;
};
type Stage = { label: string; p50: number; p99: number; max: number };
type Script = { url: string; raw: number; gzip9: number; sent: number; encoding: string; isAfterLoad: boolean };
type JsMeasure = {
  page: string;
  path: string;
  scripts: Script[];
  untilLoad: { count: number; raw: number; gzip9: number; sent: number };
  afterLoad: { count: number; raw: number; gzip9: number; sent: number };
  encodings: string[];
  document: { raw: number; sent: number; encoding: string };
  requestsAfterLoad: string[];
  html: Buffer;
};
type LcpRun = { lcp: number; fcp: number; load: number; element: string };
type LcpMeasure = {
  page: string;
  path: string;
  network: (typeof NETWORKS)[number]["key"];
  runs: LcpRun[];
  median: number;
  worst: number;
  element: string;
  load: string;
};
type OncallResults = BenchRun & {
  incidents: number;
  rate: number;
  achievedRate: number;
  accepted: number;
  errors: number;
  acceptP50: number;
  acceptP99: number;
  latencies: Latency[];
  stages: Stage[];
  traces: Trace[];
  latencyLoad: string;
  latencyCpu?: CpuReport;
  workerConcurrency: string;
  workerProcesses: number;
  xactsPerIncident: number;
  engineStatements: number;
  js: Omit<JsMeasure, "html">[];
  lcp: LcpMeasure[];
  browser: string;
  seconds: number;
};

type Services = {
  freePort: () => Promise<number>;
  deleteRedisKeys: (url: string, patterns: string[]) => Promise<number>;
};

export async function runOncallBench(options: OncallOptions): Promise<number> {
  const root = process.cwd();
  if (!fs.existsSync(path.join(root, "workers", "index.ts"))) {
    console.error("Run the benchmark from the repository root (npm run bench -- oncall).");
    return 2;
  }
  if (!fs.existsSync(path.join(root, ".next", "BUILD_ID"))) {
    console.error("No production build (.next/BUILD_ID): run `npx next build` first.");
    return 2;
  }
  const chromiumPath = CHROMIUM_LAUNCH.executablePath;
  if (!fs.existsSync(chromiumPath)) {
    console.error(`No Chromium at ${chromiumPath}: install Debian's chromium or set CHROMIUM_PATH.`);
    return 2;
  }
  return withBenchDatabase(
    { name: "oncall", keep: options.keep },
    async () => ({}),
    (bench) => measureOncall(options, bench, chromiumPath),
  );
}

async function measureOncall(
  options: OncallOptions,
  bench: BenchDatabase<Record<string, never>>,
  chromiumPath: string,
): Promise<number> {
  const started = performance.now();
  const { root, suffix, url, admin, outDir, onCleanup } = bench;
  const services = (await import(pathToFileURL(path.join(root, "scripts", "services.mjs")).href)) as Services;
  const redisUrl = process.env.REDIS_URL as string;
  const prefix = `wdbench_oncall_${suffix}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "wd-bench-oncall-"));
  onCleanup(async () => fs.rmSync(dataDir, { recursive: true, force: true }));
  onCleanup(async () => {
    const n = await services.deleteRedisKeys(redisUrl, [`${prefix}:*`, `{${prefix}}*`]);
    say(`deleted ${n} Redis keys under ${prefix}`);
  });
  const smtp = await startSmtp();
  onCleanup(() => smtp.stop());
  const push = await startPushEndpoint();
  onCleanup(() => push.stop());
  const { createDb, closeDb } = await import("../../db/client");
  const { sql: appSql, db } = createDb(url, { max: 4 });
  onCleanup(async () => {
    await appSql.end({ timeout: 5 });
    await closeDb();
  });
  const children = new Set<ChildProcess>();
  onCleanup(async () => {
    await Promise.all([...children].map((child) => stopChild(child, 10_000)));
  });

  const machine = await machineInfo(admin);
  sayMachine(machine);
  const setup = await setUp(db, push);
  say(`engineer ${setup.email} on call in schedule "${setup.scheduleName}", paged by the default policy's step 1`);

  const port = await services.freePort();
  const appUrl = `http://127.0.0.1:${port}`;
  const childEnv = appEnv({
    databaseUrl: url,
    redisUrl,
    prefix,
    port,
    extra: { SMTP_URL: smtp.url, WATCHDESK_DATA_DIR: dataDir },
  });
  // The app generates its VAPID pair into the data directory; the push endpoint checks the JWT against its key.
  delete childEnv.VAPID_PUBLIC_KEY;
  delete childEnv.VAPID_PRIVATE_KEY;
  // --cpu-prof is refused in NODE_OPTIONS, so profiled processes are started as `node --cpu-prof …` directly.
  const profileDir = path.join(outDir, `profiles-oncall-${suffix}`);
  const profileArgs = options.profile ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : [];
  const web = await startWeb(root, childEnv, port, children, { name: "oncall-web", profileArgs });
  say(`web server on ${appUrl} (pid ${web.child.pid})`);
  const workers = await startWorkers(root, childEnv, options.workers, children, {
    name: "oncall-workers",
    profileArgs,
  });

  const sender = {
    port,
    key: setup.integrationKey,
    integrationId: setup.integrationId,
    runTag: suffix,
    prefix,
  };
  await warmUp(sender, smtp, push, admin);
  const latency = await measureLatency(options, sender, smtp, push, admin, web, workers, bench.database);

  // Playwright's own Ctrl-C handler would exit before the cleanup ran; the cleanup closes the browser itself.
  const browser = await chromium.launch({
    ...CHROMIUM_LAUNCH,
    executablePath: chromiumPath,
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
  onCleanup(() => browser.close());
  const browserVersion = browser.version();
  const session = await signIn(browser, appUrl, setup.email, setup.password);
  const pages = [
    { page: "Phone incident page", path: `/oncall/${latency.sampleNumber}` },
    { page: "My incidents", path: "/oncall" },
  ];
  const js: JsMeasure[] = [];
  for (const p of pages) {
    const m = await measureJs(browser, session, appUrl, p.page, p.path);
    const htmlFile = path.join(outDir, `oncall-${suffix}${p.path.replaceAll("/", "-")}.html`);
    fs.writeFileSync(htmlFile, m.html);
    js.push(m);
    say(
      `${p.page} JS: ${m.untilLoad.count} scripts until load + network idle: ${kb(m.untilLoad.gzip9)} gzip -9 ` +
        `(raw ${kb(m.untilLoad.raw)}, sent ${kb(m.untilLoad.sent)} ${m.encodings.join("/") || "uncompressed"}); ` +
        `after load: ${m.afterLoad.count} more, ${kb(m.afterLoad.gzip9)} gzip -9; other requests after load: ${m.requestsAfterLoad.join(", ") || "none"}`,
    );
  }
  const lcp: LcpMeasure[] = [];
  for (const network of NETWORKS) {
    for (const p of pages) {
      const m = await measureLcp(browser, session, appUrl, p.page, p.path, network, options.runs);
      lcp.push(m);
      say(
        `${p.page} LCP (${network.key}, CPU ${CPU_SLOWDOWN}×): median ${fmt(m.median)}, worst ${fmt(m.worst)} — ${m.element} (load ${m.load})`,
      );
    }
  }
  await browser.close();
  await Promise.all([...children].map((child) => stopChild(child, 10_000)));
  if (options.profile) {
    await sleep(1000);
    say(`CPU profiles (${path.relative(root, profileDir)}):`);
    for (const line of summarizeProfiles(profileDir)) console.log(line);
  }

  const results: OncallResults = {
    date: new Date().toISOString(),
    quick: options.quick,
    machine: { ...machine, loadAtEnd: loadAverages() },
    incidents: options.incidents,
    rate: options.rate,
    ...latency.results,
    workerConcurrency: childEnv.WORKER_CONCURRENCY ?? "4 (default)",
    workerProcesses: options.workers,
    js: js.map(({ html: _html, ...j }) => j),
    lcp,
    browser: browserVersion,
    seconds: (performance.now() - started) / 1000,
  };
  const markdown = renderOncall(results);
  console.log(`\n${markdown}`);
  const outFile = path.join(outDir, `oncall-${suffix}${options.quick ? "-quick" : ""}.md`);
  fs.writeFileSync(outFile, markdown);
  fs.writeFileSync(outFile.replace(/\.md$/, ".json"), JSON.stringify(results, null, 2));
  say(`written ${path.relative(root, outFile)}; logs in .data/bench/oncall-web.log, oncall-workers-1.log`);
  if (options.writeReadme) {
    writeReadmeSection(path.join(root, "README.md"), markdown, "oncall");
    say("README.md: oncall block updated");
  }
  return 0;
}

// ---- Setup through the verbs --------------------------------------------------------------------------------------

async function setUp(db: Db, push: TestPushEndpoint) {
  const { systemCtx } = await import("../../lib/context");
  const { createUser } = await import("../../lib/users/create");
  const { createNotificationRule } = await import("../../lib/notify/rules");
  const { subscribePush } = await import("../../lib/notify/subscriptions");
  const { createSchedule, addLayer } = await import("../../lib/oncall/schedules");
  const { onCallUserIds } = await import("../../lib/oncall/who");
  const { createEscalationPolicy } = await import("../../lib/oncall/policies");
  const { createService } = await import("../../lib/catalog/services");
  const { createIntegration } = await import("../../lib/integrations/create");
  const { formatWallTime, instantToWall } = await import("../../lib/oncall/rotation");

  const system = systemCtx(db, "bench");
  const password = `bench-${randomBytes(12).toString("base64url")}`;
  const email = "oncall-bench@bench.example.com";
  const engineer = await createUser(system, {
    email,
    name: "Bench Engineer",
    role: "engineer",
    password,
    locale: "en",
  });
  const own: Ctx = { actor: { type: "user", id: engineer.id, role: engineer.role, label: email }, db };
  await createNotificationRule(own, { channel: "email", delayMinutes: 0 });
  await createNotificationRule(own, { channel: "push", delayMinutes: 0 });
  // What pushManager.subscribe() would give a phone: the local endpoint, a fresh P-256 key and auth secret.
  const phone = push.subscribe();
  await subscribePush(own, { endpoint: phone.endpoint, keys: phone.keys, label: "Bench phone" });

  const timeZone = "Asia/Seoul";
  const schedule = await createSchedule(system, { name: "Bench rotation", timeZone });
  const weekAgo = formatWallTime(instantToWall(timeZone, Date.now() - 7 * 86_400_000)).slice(0, 10);
  await addLayer(system, {
    scheduleId: schedule.id,
    name: "Weekly",
    rotationKind: "weekly",
    startsAt: `${weekAgo}T09:00`,
    members: [engineer.id],
  });
  const onCall = await onCallUserIds(db, schedule.id, new Date());
  if (!onCall.includes(engineer.id)) throw new Error(`the bench engineer is not on call now (${onCall.join(", ")})`);
  await createEscalationPolicy(system, {
    name: "Bench default",
    isDefault: true,
    steps: [{ delayMinutes: 0, targets: [{ kind: "schedule", id: schedule.id }] }],
  });
  const service = await createService(system, { name: "bench-checkout", criticality: "high" });
  const { integration, key } = await createIntegration(system, {
    kind: "pagerduty",
    name: "Bench PagerDuty",
    serviceId: service.id,
  });
  return {
    email,
    password,
    scheduleName: schedule.name,
    integrationId: integration.id,
    integrationKey: key,
  };
}

// ---- Latency: opened → handed to SMTP / to the push service -------------------------------------------------------

type Sender = { port: number; key: string; integrationId: string; runTag: string; prefix: string };

function triggerBody(sender: Sender, dedupKey: string, summary: string) {
  return Buffer.from(
    JSON.stringify({
      routing_key: sender.key,
      event_action: "trigger",
      dedup_key: dedupKey,
      payload: { summary, source: "bench.example.com", severity: "critical", component: "checkout" },
    }),
  );
}

const numberIn = (text: string | undefined) => /INC-\d+/.exec(text ?? "")?.[0];

function arrivals(smtp: TestSmtpServer, push: TestPushEndpoint) {
  const email = new Map<string, number[]>();
  const pushed = new Map<string, number[]>();
  for (const m of smtp.messages) {
    const n = numberIn(m.subject);
    if (n) email.set(n, [...(email.get(n) ?? []), m.receivedAt]);
  }
  for (const p of push.received) {
    const n = (p.payload as { ticket?: { number?: string } }).ticket?.number;
    if (n) pushed.set(n, [...(pushed.get(n) ?? []), p.receivedAt]);
  }
  return { email, push: pushed };
}

type Opened = { number: string; openedAt: number; title: string };

async function openedIncidents(admin: BenchDatabase<unknown>["admin"], integrationId: string, titlePrefix: string) {
  return admin<Opened[]>`
    select number, (extract(epoch from created_at) * 1000)::float8 as "openedAt", title
      from tickets where integration_id = ${integrationId} and title like ${`${titlePrefix}%`}`;
}

// A few incidents outside the measurement: the route, the workers' pools and the SMTP connection pool warm up.
async function warmUp(
  sender: Sender,
  smtp: TestSmtpServer,
  push: TestPushEndpoint,
  admin: BenchDatabase<unknown>["admin"],
) {
  const agent = keepAliveAgent(4);
  for (let i = 0; i < WARMUP_INCIDENTS; i++) {
    const sent = await post(
      agent,
      sender.port,
      "/v2/enqueue",
      triggerBody(sender, `warm-${sender.runTag}-${i}`, `Warm-up ${i}`),
    );
    if (sent.status !== 202) throw new Error(`warm-up trigger answered ${sent.status}: ${sent.body.slice(0, 300)}`);
  }
  agent.destroy();
  const deadline = Date.now() + 60_000;
  for (;;) {
    const opened = await openedIncidents(admin, sender.integrationId, "Warm-up");
    const got = arrivals(smtp, push);
    const done = opened.filter((o) => got.email.has(o.number) && got.push.has(o.number)).length;
    if (done === WARMUP_INCIDENTS) break;
    if (Date.now() > deadline) {
      throw new Error(
        `warm-up: ${opened.length} incidents opened, ${done} notified by email and push within 60 s (SMTP rejected: ` +
          `${push.rejected.map((r) => `${r.status} ${r.reason}`).join("; ") || "none"}); see .data/bench/oncall-workers-1.log`,
      );
    }
    await sleep(200);
  }
  say(`warm-up: ${WARMUP_INCIDENTS} incidents notified by email and push`);
}

async function measureLatency(
  options: OncallOptions,
  sender: Sender,
  smtp: TestSmtpServer,
  push: TestPushEndpoint,
  admin: BenchDatabase<unknown>["admin"],
  web: Logged,
  workers: Logged[],
  database: string,
) {
  const n = options.incidents;
  const intervalMs = 1000 / options.rate;
  say(`── latency: ${n} incidents opened by PagerDuty v2 triggers at ${options.rate}/s (load ${load()})`);
  const titlePrefix = `Bench ${sender.runTag}`;
  const bodies = Array.from({ length: n }, (_, i) =>
    triggerBody(sender, `bench-${sender.runTag}-${i}`, `${titlePrefix} #${i + 1}: checkout latency over 2 s`),
  );
  const agent = keepAliveAgent(16);
  const pids = async () =>
    (await admin<{ pid: number }[]>`select pid from pg_stat_activity where datname = ${database}`).map((r) => r.pid);
  const roles = async () => ({
    web: [web.child.pid as number],
    workers: workers.map((w) => w.child.pid as number),
    postgresBackends: await pids(),
  });
  const xacts = async () =>
    Number(
      (
        await admin<{ n: number }[]>`
          select (xact_commit + xact_rollback)::float8 as n from pg_stat_database where datname = ${database}`
      )[0].n,
    );
  const xactsBefore = await xacts();
  const loadAt = load();
  const cpuA = cpuSnapshot(await roles());
  const acceptMs: number[] = [];
  let errors = 0;
  let firstError = "";
  const sends: Promise<void>[] = [];
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const wait = t0 + i * intervalMs - performance.now();
    if (wait > 0) await sleep(wait);
    sends.push(
      post(agent, sender.port, "/v2/enqueue", bodies[i]).then((sent) => {
        if (sent.status === 202) acceptMs.push(sent.finishedAt - sent.startedAt);
        else {
          errors++;
          firstError ||= `${sent.status} ${sent.body.slice(0, 200)}`;
        }
      }),
    );
  }
  await Promise.all(sends);
  const sendSeconds = (performance.now() - t0) / 1000;
  agent.destroy();
  say(
    `  sent ${n} in ${sendSeconds.toFixed(1)} s (${(n / sendSeconds).toFixed(1)}/s), ${errors} errors${firstError ? `: ${firstError}` : ""}`,
  );

  // Every incident's first email and first push, or the grace period runs out.
  const deadline = Date.now() + ARRIVAL_GRACE_MS;
  let opened: Opened[] = [];
  let got = arrivals(smtp, push);
  for (;;) {
    opened = await openedIncidents(admin, sender.integrationId, titlePrefix);
    got = arrivals(smtp, push);
    const isComplete =
      opened.length === n - errors && opened.every((o) => got.email.has(o.number) && got.push.has(o.number));
    if (isComplete || Date.now() > deadline) break;
    await sleep(250);
  }
  const cpu = cpuBetween(cpuA, cpuSnapshot(await roles()));
  const xactsPerIncident = ((await xacts()) - xactsBefore) / n;
  const latencyLoad = `${loadAt}→${load()}`;
  say(`  cpu: ${formatCpu(cpu)}`);

  const latencies: Latency[] = (["email", "push"] as const).map((channel) => {
    const byNumber = channel === "email" ? got.email : got.push;
    const values: { number: string; ms: number }[] = [];
    let duplicates = 0;
    for (const o of opened) {
      const times = byNumber.get(o.number);
      if (!times) continue;
      duplicates += times.length - 1;
      values.push({ number: o.number, ms: Math.min(...times) - o.openedAt });
    }
    const ms = values.map((v) => v.ms);
    const slowest = values.reduce((a, b) => (b.ms > a.ms ? b : a), { number: "–", ms: -1 });
    return {
      channel,
      arrived: values.length,
      duplicates,
      p50: percentile(ms, 50),
      p95: percentile(ms, 95),
      p99: percentile(ms, 99),
      max: Math.max(...ms),
      slowest: slowest.number,
    };
  });
  for (const l of latencies) {
    say(
      `  opened → ${l.channel} handed over: p50 ${fmt(l.p50)}, p95 ${fmt(l.p95)}, p99 ${fmt(l.p99)}, max ${fmt(l.max)} ` +
        `(${l.arrived}/${n} arrived, ${l.duplicates} duplicates; slowest ${l.slowest})`,
    );
  }
  const traces = await traceIncidents(admin, sender, titlePrefix, got);
  const stages = stageBreakdown(traces);
  const statements = traces.flatMap((t) => (t.engineStatements === undefined ? [] : [t.engineStatements]));
  const engineStatements = percentile(statements, 50);
  say(`  engine statements per new incident (the events job's own count): p50 ${engineStatements}`);
  const windows = byWindow(traces, 10_000);
  say(
    `  email latency per 10 s of opening: ${windows.map((w) => `${w.p50.toFixed(0)}/${w.max.toFixed(0)}`).join(" ")} ms (p50/max)`,
  );
  for (const s of stages) say(`  ${s.label}: p50 ${fmt(s.p50)}, p99 ${fmt(s.p99)}, max ${fmt(s.max)}`);
  const sample = [...opened].sort((a, b) => a.openedAt - b.openedAt)[Math.floor(opened.length / 2)];
  return {
    sampleNumber: sample?.number ?? "INC-000001",
    results: {
      achievedRate: n / sendSeconds,
      accepted: acceptMs.length,
      errors,
      acceptP50: percentile(acceptMs, 50),
      acceptP99: percentile(acceptMs, 99),
      latencies,
      stages,
      traces,
      latencyLoad,
      latencyCpu: cpu,
      xactsPerIncident,
      engineStatements,
    },
  };
}

// Where the time goes, per incident, from what each step leaves behind: the events and escalation jobs' BullMQ
// timestamps (added, picked up), the engine's transaction start (events.processed_at is Postgres' now()), the
// escalation row's start (in the incident's transaction), the deliveries' created_at (the escalation job's clock when
// it began), and the channels' receipts.
type Trace = {
  number: string;
  openedAt: number;
  eventsAdded?: number;
  eventsPicked?: number;
  eventsFinished?: number;
  engineStatements?: number;
  engineTxAt: number | null;
  engineAt: number;
  escalationAdded?: number;
  escalationPicked?: number;
  pagedAt: number;
  email?: number;
  push?: number;
};

async function jobTimes(redisUrl: string, prefix: string, name: string) {
  const connection = new IORedis(redisUrl, { maxRetriesPerRequest: null });
  connection.on("error", () => {});
  const queue = new Queue(name, { connection, prefix: `{${prefix}}` });
  try {
    const jobs = await queue.getJobs(["completed"], 0, -1);
    return jobs.map((j) => ({
      data: j.data as Record<string, unknown>,
      added: j.timestamp,
      picked: j.processedOn,
      finished: j.finishedOn,
      statements: (j.returnvalue as { queries?: number } | null)?.queries,
    }));
  } finally {
    await queue.close();
    await connection.quit().catch(() => {});
  }
}

async function traceIncidents(
  admin: BenchDatabase<unknown>["admin"],
  sender: Sender,
  titlePrefix: string,
  got: ReturnType<typeof arrivals>,
): Promise<Trace[]> {
  const rows = await admin<(Omit<Trace, "email" | "push"> & { ticketId: string; eventId: string })[]>`
    select t.id as "ticketId", t.number, (extract(epoch from t.created_at) * 1000)::float8 as "openedAt",
           (extract(epoch from e.started_at) * 1000)::float8 as "engineAt",
           (select (extract(epoch from min(ev.processed_at)) * 1000)::float8
              from events ev join alerts a on a.id = ev.alert_id where a.incident_id = t.id) as "engineTxAt",
           (select min(ev.id)::text from events ev join alerts a on a.id = ev.alert_id where a.incident_id = t.id) as "eventId",
           (extract(epoch from min(d.created_at)) * 1000)::float8 as "pagedAt"
      from tickets t
      join incident_escalations e on e.ticket_id = t.id
      join notification_deliveries d on d.ticket_id = t.id
     where t.integration_id = ${sender.integrationId} and t.title like ${`${titlePrefix}%`}
     group by t.id, t.number, t.created_at, e.started_at`;
  const redisUrl = process.env.REDIS_URL as string;
  const eventsJobs = new Map(
    (await jobTimes(redisUrl, sender.prefix, "events")).map((j) => [String((j.data.eventIds as number[])[0]), j]),
  );
  const escalationJobs = new Map(
    (await jobTimes(redisUrl, sender.prefix, "escalation")).map((j) => [String(j.data.ticketId), j]),
  );
  const first = (times: number[] | undefined) => (times?.length ? Math.min(...times) : undefined);
  return rows.map(({ ticketId, eventId, ...r }) => ({
    ...r,
    eventsAdded: eventsJobs.get(eventId)?.added,
    eventsPicked: eventsJobs.get(eventId)?.picked,
    eventsFinished: eventsJobs.get(eventId)?.finished,
    engineStatements: eventsJobs.get(eventId)?.statements,
    escalationAdded: escalationJobs.get(ticketId)?.added,
    escalationPicked: escalationJobs.get(ticketId)?.picked,
    email: first(got.email.get(r.number)),
    push: first(got.push.get(r.number)),
  }));
}

// The email latency of the incidents opened in each window: a tail from one burst looks different from a slow drift.
function byWindow(traces: Trace[], ms: number) {
  const start = Math.min(...traces.map((t) => t.openedAt));
  const windows: number[][] = [];
  for (const t of traces) {
    if (t.email === undefined) continue;
    const k = Math.floor((t.openedAt - start) / ms);
    windows[k] = [...(windows[k] ?? []), t.email - t.openedAt];
  }
  return [...windows].map((w = []) => ({ p50: percentile(w, 50), max: w.length ? Math.max(...w) : Number.NaN }));
}

const STAGES: { label: string; from: keyof Trace; to: keyof Trace }[] = [
  {
    label: "accepted (created_at) → events job added (store, commit, enqueue in the web process)",
    from: "openedAt",
    to: "eventsAdded",
  },
  { label: "events job added → picked up by the events worker", from: "eventsAdded", to: "eventsPicked" },
  {
    label: "events job picked up → engine transaction began (events.processed_at)",
    from: "eventsPicked",
    to: "engineTxAt",
  },
  {
    label: "engine transaction began → incident opened, escalation started (incident_escalations.started_at)",
    from: "engineTxAt",
    to: "engineAt",
  },
  {
    label: "events job picked up → finished (the whole job, as the events worker's concurrency sees it)",
    from: "eventsPicked",
    to: "eventsFinished",
  },
  {
    label: "escalation started → escalation job added (commit, NOTIFY, LISTEN, enqueue)",
    from: "engineAt",
    to: "escalationAdded",
  },
  {
    label: "escalation job added → picked up by the escalation worker",
    from: "escalationAdded",
    to: "escalationPicked",
  },
  {
    label: "escalation job picked up → its run began (deliveries' created_at)",
    from: "escalationPicked",
    to: "pagedAt",
  },
  {
    label: "escalation run began → email received by the SMTP server (page committed, notify job, send)",
    from: "pagedAt",
    to: "email",
  },
  { label: "escalation run began → push received by the push endpoint", from: "pagedAt", to: "push" },
];

function stageBreakdown(traces: Trace[]): Stage[] {
  return STAGES.map(({ label, from, to }) => {
    const values = traces.flatMap((t) => {
      const a = t[from] as number | null | undefined;
      const b = t[to] as number | null | undefined;
      return typeof a === "number" && typeof b === "number" ? [b - a] : [];
    });
    return {
      label: `${label}${values.length < traces.length ? ` (${values.length} of ${traces.length} traced)` : ""}`,
      p50: percentile(values, 50),
      p99: percentile(values, 99),
      max: values.length ? Math.max(...values) : Number.NaN,
    };
  }).filter((s) => Number.isFinite(s.p50));
}

// ---- The phone pages in Chromium -----------------------------------------------------------------------------------

type Session = BrowserContextOptions["storageState"];

async function signIn(browser: Browser, appUrl: string, email: string, password: string): Promise<Session> {
  const context = await browser.newContext({ ...PHONE, baseURL: appUrl });
  const page = await context.newPage();
  await page.goto("/sign-in");
  await page.getByLabel(/^(Email|이메일)$/).fill(email);
  await page.getByLabel(/^(Password|비밀번호)$/).fill(password);
  await page.getByRole("button", { name: /^(Sign in|로그인)$/ }).click();
  await page.waitForURL((u) => !u.pathname.startsWith("/sign-in"), { timeout: 60_000 });
  const state = await context.storageState();
  await context.close();
  return state;
}

async function coldContext(browser: Browser, session: Session, appUrl: string): Promise<BrowserContext> {
  // Service workers blocked: a registered one would answer later loads from its own cache.
  return browser.newContext({ ...PHONE, baseURL: appUrl, storageState: session, serviceWorkers: "block" });
}

async function measureJs(browser: Browser, session: Session, appUrl: string, name: string, pagePath: string) {
  const context = await coldContext(browser, session, appUrl);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  let isLoaded = false;
  const pending: Promise<Script | null>[] = [];
  const afterLoad: string[] = [];
  page.on("response", (response) => {
    if (isLoaded) afterLoad.push(`${response.request().resourceType()} ${response.url().replace(appUrl, "")}`);
    if (response.request().resourceType() !== "script") return;
    const isAfterLoad = isLoaded;
    pending.push(
      (async () => {
        const body = await response.body().catch(() => null);
        if (!body) return null;
        const sizes = await response
          .request()
          .sizes()
          .catch(() => ({ responseBodySize: body.length }));
        return {
          url: response.url().replace(appUrl, ""),
          raw: body.length,
          gzip9: gzipSync(body, { level: 9 }).length,
          sent: sizes.responseBodySize,
          encoding: (await response.headerValue("content-encoding").catch(() => null)) ?? "",
          isAfterLoad,
        };
      })(),
    );
  });
  const response = await page.goto(pagePath, { waitUntil: "load", timeout: 120_000 });
  if (!response?.ok()) throw new Error(`${pagePath} answered ${response?.status()}`);
  if (new URL(page.url()).pathname !== pagePath) throw new Error(`${pagePath} went to ${page.url()}`);
  isLoaded = true;
  const html = await response.body();
  const document = {
    raw: html.length,
    sent: (await response.request().sizes()).responseBodySize,
    encoding: (await response.headerValue("content-encoding")) ?? "",
  };
  await page.waitForLoadState("networkidle", { timeout: 30_000 }).catch(() => {});
  const scripts = (await Promise.all(pending)).filter((s): s is Script => s !== null);
  await context.close();
  const sum = (list: Script[]) => ({
    count: list.length,
    raw: list.reduce((a, s) => a + s.raw, 0),
    gzip9: list.reduce((a, s) => a + s.gzip9, 0),
    sent: list.reduce((a, s) => a + s.sent, 0),
  });
  return {
    page: name,
    path: pagePath,
    scripts: scripts.sort((a, b) => b.gzip9 - a.gzip9),
    untilLoad: sum(scripts.filter((s) => !s.isAfterLoad)),
    afterLoad: sum(scripts.filter((s) => s.isAfterLoad)),
    encodings: [...new Set(scripts.map((s) => s.encoding).filter(Boolean))],
    document,
    requestsAfterLoad: afterLoad,
    html,
  } satisfies JsMeasure;
}

// Runs in the page as written (a string, so the bundler's helpers stay out of it): the last LCP candidate so far.
const READ_LCP = `new Promise((resolve) => {
  const label = (el) => {
    if (!el) return "(element removed)";
    const text = (el.textContent || "").trim().replace(/\\s+/g, " ").slice(0, 50);
    return "<" + el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + "> \\"" + text + "\\"";
  };
  const nav = performance.getEntriesByType("navigation")[0];
  const paint = performance.getEntriesByName("first-contentful-paint")[0];
  const done = (entry) => resolve({
    lcp: entry ? entry.startTime : NaN,
    fcp: paint ? paint.startTime : NaN,
    load: nav ? nav.loadEventStart : NaN,
    element: entry ? (entry.url ? "<img> " + entry.url : label(entry.element)) : "none",
  });
  const timer = setTimeout(() => done(undefined), 5000);
  new PerformanceObserver((list) => {
    clearTimeout(timer);
    const entries = list.getEntries();
    done(entries[entries.length - 1]);
  }).observe({ type: "largest-contentful-paint", buffered: true });
})`;

async function measureLcp(
  browser: Browser,
  session: Session,
  appUrl: string,
  name: string,
  pagePath: string,
  network: (typeof NETWORKS)[number],
  runs: number,
): Promise<LcpMeasure> {
  const loadAt = load();
  const results: LcpRun[] = [];
  for (let i = 0; i < runs; i++) {
    const context = await coldContext(browser, session, appUrl);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
    await cdp.send("Network.emulateNetworkConditions", {
      offline: false,
      latency: network.latency,
      downloadThroughput: network.down,
      uploadThroughput: network.up,
      connectionType: "cellular4g",
    });
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: CPU_SLOWDOWN });
    const response = await page.goto(pagePath, { waitUntil: "load", timeout: 180_000 });
    if (!response?.ok()) throw new Error(`${pagePath} answered ${response?.status()}`);
    const run = (await page.evaluate(READ_LCP)) as LcpRun;
    await context.close();
    results.push(run);
  }
  const lcps = results.map((r) => r.lcp);
  const worstRun = results.reduce((a, b) => (b.lcp > a.lcp ? b : a));
  const elements = [...new Set(results.map((r) => r.element))];
  return {
    page: name,
    path: pagePath,
    network: network.key,
    runs: results,
    median: percentile(lcps, 50),
    worst: worstRun.lcp,
    element: elements.join("; "),
    load: `${loadAt}→${load()}`,
  };
}

// ---- Report --------------------------------------------------------------------------------------------------------

const kb = (bytes: number) => `${(bytes / KB).toFixed(1)} KB`;
const s2 = (ms: number) => (Number.isFinite(ms) ? `${(ms / 1000).toFixed(2)} s` : "n/a");
const yes = (isMet: boolean) => (isMet ? "yes" : "**no**");

export function renderOncall(r: OncallResults): string {
  const lines: string[] = [];
  lines.push(measuredLine("oncall", r.date, r.quick, r.machine, `${n0(r.incidents)} incidents, 3 page loads each`));
  lines.push("");
  lines.push(
    `Setup: one engineer on call (weekly layer), notification rules email and push at once, one push subscription; ` +
      `the default escalation policy's step 1 (no delay) pages the schedule. ${n0(r.incidents)} incidents opened by ` +
      `PagerDuty v2 \`trigger\` events with distinct \`dedup_key\`s, sent at ${r.rate}/s (achieved ${r.achievedRate.toFixed(1)}/s; ` +
      `202 p50 ${fmt(r.acceptP50)}, p99 ${fmt(r.acceptP99)}; ${r.errors} errors) after ${WARMUP_INCIDENTS} warm-up incidents; ` +
      `one \`next start\` and ${r.workerProcesses === 1 ? "one worker process" : `${r.workerProcesses} worker processes`} (WORKER_CONCURRENCY ${r.workerConcurrency}). "Opened" is the incident's ` +
      `\`created_at\` (the event's acceptance time in the web process); "handed over" is when the SMTP server in the ` +
      `benchmark had the whole message, or the push endpoint had the request (VAPID verified, payload decrypted to ` +
      `learn the incident). All clocks are this machine's. The pages: Chromium ${r.browser}, 360 × 780 at 3×, touch, ` +
      `signed in as the engineer, with all ${n0(r.incidents)} incidents open.`,
  );
  lines.push("");
  lines.push("| Measure | Result | Target | Met? |");
  lines.push("| --- | --- | --- | --- |");
  for (const l of r.latencies) {
    const what = l.channel === "email" ? "email handed to SMTP" : "push handed to the push endpoint";
    lines.push(
      `| Incident opened → first ${what} | p50 ${fmt(l.p50)}, p95 ${fmt(l.p95)}, **p99 ${fmt(l.p99)}**, max ${fmt(l.max)}; ` +
        `${n0(l.arrived)}/${n0(r.incidents)} arrived${l.duplicates ? `, ${l.duplicates} duplicates` : ""} (load ${r.latencyLoad}) | ` +
        `p99 ≤ 2 s, all arrive | ${yes(l.p99 <= TARGET_P99_MS && l.arrived === r.incidents && r.errors === 0)} |`,
    );
  }
  for (const j of r.js) {
    const top = j.scripts
      .filter((s) => !s.isAfterLoad)
      .slice(0, 3)
      .map((s) => `${path.basename(s.url)} ${kb(s.gzip9)}`)
      .join(", ");
    const isTargeted = j.page === "Phone incident page";
    lines.push(
      `| ${j.page} (\`${j.path.replace(/INC-\d+/, "INC-…")}\`) JavaScript, every script loaded until \`load\` + network idle, cold | ` +
        `**${kb(j.untilLoad.gzip9)} gzipped** (-9, each file) in ${j.untilLoad.count} files; raw ${kb(j.untilLoad.raw)}; ` +
        `as sent ${kb(j.untilLoad.sent)} (${j.encodings.join(", ") || "uncompressed"}); largest: ${top}` +
        `; after \`load\` until network idle ${j.afterLoad.count ? `${j.afterLoad.count} more scripts (${kb(j.afterLoad.gzip9)} gz)` : "no more scripts"}, ` +
        `${j.requestsAfterLoad.filter((r) => r.includes("_rsc=")).length} router prefetches (RSC data). ` +
        `The HTML itself (with the RSC payload): ${kb(j.document.raw)}, sent ${kb(j.document.sent)} ${j.document.encoding} | ` +
        `${isTargeted ? `≤ ${TARGET_JS_KB} KB gz` : "–"} | ${isTargeted ? yes(j.untilLoad.gzip9 <= TARGET_JS_KB * KB) : "–"} |`,
    );
  }
  for (const l of r.lcp) {
    const network = NETWORKS.find((n) => n.key === l.network);
    lines.push(
      `| ${l.page} LCP, cold (cache disabled), ${network?.label}, CPU ${CPU_SLOWDOWN}× slower, ${l.runs.length} runs | ` +
        `median **${s2(l.median)}**, worst ${s2(l.worst)} (FCP median ${s2(
          percentile(
            l.runs.map((x) => x.fcp),
            50,
          ),
        )}, load median ${s2(
          percentile(
            l.runs.map((x) => x.load),
            50,
          ),
        )}); LCP element ${l.element.replaceAll("|", "\\|")} (load ${l.load}) | ≤ 2.5 s | ${yes(l.worst <= TARGET_LCP_MS)} |`,
    );
  }
  lines.push("");
  lines.push("Where the notification time goes (same incidents):");
  lines.push("");
  for (const s of r.stages) lines.push(`- ${s.label}: p50 ${fmt(s.p50)}, p99 ${fmt(s.p99)}, max ${fmt(s.max)}`);
  if (r.latencyCpu)
    lines.push(
      `- CPU while sending and delivering: ${formatCpu(r.latencyCpu)}; ${r.xactsPerIncident.toFixed(1)} Postgres transactions per incident (pg_stat_database, the benchmark's polling included); the events job that opens an incident runs ${r.engineStatements} statements (its own count).`,
    );
  lines.push(
    `- Whole run ${(r.seconds / 60).toFixed(1)} min. LCP is read after \`load\` from a buffered PerformanceObserver; ` +
      `"met" for LCP asks the worst run to be within the target.`,
  );
  return `${lines.join("\n")}\n`;
}
