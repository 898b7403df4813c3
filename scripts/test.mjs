// `npm test`: lint, typecheck, unit, integration, build, e2e and smoke suites against a throwaway database and Redis
// prefix. `npm test -- --only unit,integration` runs a subset. The last line is always `N passed, N failed`.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import {
  aptInstall,
  canAptInstall,
  createDatabase,
  databaseUrlFor,
  deleteRedisKeys,
  dropDatabase,
  ensureServices,
  freePort,
  removeLocalData,
  run,
  runningLocalServers,
  sleep,
  stopLocalServers,
  tail,
  waitForHttp,
} from "./services.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(root);

const SUITES = ["lint", "typecheck", "unit", "integration", "build", "e2e", "smoke"];
const NEEDS_SERVICES = new Set(["unit", "integration", "build", "e2e", "smoke"]);

const { values: options } = parseArgs({ options: { only: { type: "string" } }, allowPositionals: false });
const selected = options.only
  ? options.only
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean)
  : SUITES;
const unknown = selected.filter((name) => !SUITES.includes(name));
if (unknown.length) {
  console.error(`Unknown suite(s): ${unknown.join(", ")}. Suites: ${SUITES.join(", ")}`);
  process.exit(2);
}

const resultsDir = path.join(root, ".data", "test-results");
const servicesDir = path.join(root, ".data", "test");
fs.mkdirSync(resultsDir, { recursive: true });
const suffix = `${Math.floor(Date.now() / 1000)}_${randomBytes(3).toString("hex")}`;
const testDatabase = `wd_test_${suffix}`;
const redisPrefix = `wdtest_${suffix}`;
const smokeDir = path.join(servicesDir, `smoke-${suffix}`);

const bin = (name) => path.join(root, "node_modules", ".bin", name);
const say = (message) => console.log(`[test] ${message}`);
const rel = (file) => path.relative(root, file);

const results = [];
const active = new Set();
let services = null;
let testEnv = null;
let setupError = null;
let isInterrupted = false;

function track(child) {
  active.add(child);
  child.on("exit", () => active.delete(child));
  return child;
}

/** Runs a command with inherited stdio. Resolves the exit code. */
function runVisible(cmd, args, env) {
  return new Promise((resolve) => {
    const child = track(spawn(cmd, args, { env, stdio: "inherit" }));
    child.on("error", (error) => {
      console.error(`[test] ${cmd}: ${error.message}`);
      resolve(127);
    });
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

/** Starts a long-running process whose output goes to a log file. */
function startLogged(name, cmd, args, env) {
  const logFile = path.join(resultsDir, `${name}.log`);
  const fd = fs.openSync(logFile, "w");
  const child = track(spawn(cmd, args, { env, stdio: ["ignore", fd, fd] }));
  fs.closeSync(fd);
  child.on("error", (error) => fs.appendFileSync(logFile, `\n${error.message}\n`));
  child.on("exit", (code, signal) =>
    fs.appendFileSync(logFile, `\n[test] ${name} exited (${signal ?? `code ${code}`})\n`),
  );
  return { child, logFile, name };
}

function stopProcess(child, graceMs = 10_000) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

function printLogTail(logFile, lines = 30) {
  const text = fs.existsSync(logFile) ? fs.readFileSync(logFile, "utf8") : "";
  console.log(`--- last lines of ${rel(logFile)} ---\n${tail(text, lines) || "(empty)"}\n---`);
}

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    return null;
  }
}

function baseEnv() {
  return { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
}

// ---------------------------------------------------------------------------------------------------------------
// Suites. Each returns { passed, failed, note? }.

async function lint() {
  const code = await runVisible(bin("biome"), ["check", "."], baseEnv());
  return code === 0 ? { passed: 1, failed: 0 } : { passed: 0, failed: 1 };
}

async function typecheck() {
  const code = await runVisible(bin("tsc"), ["--noEmit"], baseEnv());
  return code === 0 ? { passed: 1, failed: 0 } : { passed: 0, failed: 1 };
}

async function setup() {
  if (selected.includes("e2e") && !process.env.CHROMIUM_PATH && !fs.existsSync("/usr/bin/chromium")) {
    if (canAptInstall())
      await aptInstall(["chromium", "fonts-noto-cjk"], { log: say, logFile: path.join(resultsDir, "apt.log") });
    else say("warning: /usr/bin/chromium is missing; set CHROMIUM_PATH for the e2e suite");
  }
  // The integration suite talks to a real Alertmanager (Debian's prometheus-alertmanager).
  if (
    selected.includes("integration") &&
    !process.env.ALERTMANAGER_BIN &&
    !fs.existsSync("/usr/bin/prometheus-alertmanager")
  ) {
    if (canAptInstall())
      await aptInstall(["prometheus-alertmanager"], { log: say, logFile: path.join(resultsDir, "apt.log") });
    else
      say("warning: prometheus-alertmanager is missing; install it or set ALERTMANAGER_BIN for the integration suite");
  }
  services = await ensureServices({ dataDir: servicesDir, log: say, durable: false });
  await createDatabase(services.databaseUrl, testDatabase);
  say(`database ${testDatabase}, redis prefix ${redisPrefix}`);
  const env = {
    ...baseEnv(),
    DATABASE_URL: databaseUrlFor(services.databaseUrl, testDatabase),
    REDIS_URL: services.redisUrl,
    REDIS_PREFIX: redisPrefix,
    NEXTAUTH_SECRET: randomBytes(48).toString("base64url"),
    APP_URL: "http://127.0.0.1:3000",
    NEXTAUTH_URL: "http://127.0.0.1:3000",
    SEED_DEMO: "false",
    NODE_ENV: "test",
  };
  delete env.DEMO_PASSWORD;
  delete env.PORT;
  const migrate = await run(bin("tsx"), ["scripts/wd.ts", "migrate"], { env, onSpawn: track });
  if (migrate.code !== 0) throw new Error(`migrations failed:\n${tail(migrate.output, 30)}`);
  testEnv = env;
}

async function vitest(project) {
  const config = "tests/vitest.config.ts";
  if (!fs.existsSync(config)) return { passed: 0, failed: 1, note: `${config} missing` };
  const jsonFile = path.join(resultsDir, `${project}.json`);
  fs.rmSync(jsonFile, { force: true });
  const code = await runVisible(
    bin("vitest"),
    [
      "run",
      "--config",
      config,
      "--project",
      project,
      "--passWithNoTests",
      "--reporter=default",
      "--reporter=json",
      `--outputFile.json=${jsonFile}`,
    ],
    testEnv,
  );
  const report = readJson(jsonFile);
  if (!report) return { passed: 0, failed: 1, note: `no JSON report (exit ${code})` };
  const passed = report.numPassedTests ?? 0;
  const failed = report.numFailedTests ?? 0;
  // A file that fails to load, or an unhandled error, fails the run without failing a test.
  if (code !== 0 && failed === 0) return { passed, failed: 1, note: `vitest exited ${code}` };
  return { passed, failed };
}

async function build() {
  const logFile = path.join(resultsDir, "build.log");
  fs.rmSync(logFile, { force: true });
  const env = { ...(testEnv ?? baseEnv()), NODE_ENV: "production" };
  const result = await run(bin("next"), ["build"], { env, logFile, onSpawn: track });
  if (result.code === 0) return { passed: 1, failed: 0 };
  printLogTail(logFile, 40);
  return { passed: 0, failed: 1, note: `next build exited ${result.code}` };
}

async function e2e() {
  const config = "tests/playwright.config.ts";
  if (!fs.existsSync(config)) return { passed: 0, failed: 1, note: `${config} missing` };
  if (!fs.existsSync(".next/BUILD_ID")) return { passed: 0, failed: 1, note: "no production build (.next/BUILD_ID)" };
  const [port, smtpPort] = await distinctFreePorts(2);
  const baseUrl = `http://127.0.0.1:${port}`;
  // Mail goes to an SMTP server the specs start on this port when they need one (tests/support/smtp.ts).
  const serverEnv = {
    ...testEnv,
    NODE_ENV: "production",
    PORT: String(port),
    APP_URL: baseUrl,
    NEXTAUTH_URL: baseUrl,
    SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
    E2E_SMTP_PORT: String(smtpPort),
  };
  const processes = [
    startLogged("e2e-web", bin("next"), ["start", "-p", String(port), "-H", "127.0.0.1"], serverEnv),
    startLogged("e2e-workers", bin("tsx"), ["workers/index.ts"], serverEnv),
  ];
  try {
    const exited = () => processes.some((p) => p.child.exitCode !== null || p.child.signalCode !== null);
    const health = await waitForHttp(`${baseUrl}/api/health`, {
      timeoutMs: 90_000,
      shouldStop: () => isInterrupted || exited(),
    });
    if (!health.ok) {
      say(`e2e: /api/health answered ${health.status || "nothing"}: ${health.body.slice(0, 300)}`);
      for (const p of processes) printLogTail(p.logFile);
      return { passed: 0, failed: 1, note: "server not healthy" };
    }
    const jsonFile = path.join(resultsDir, "e2e.json");
    fs.rmSync(jsonFile, { force: true });
    const code = await runVisible(
      bin("playwright"),
      ["test", "--config", config, "--reporter=list,json", "--pass-with-no-tests"],
      { ...serverEnv, NODE_ENV: "test", E2E_BASE_URL: baseUrl, PLAYWRIGHT_JSON_OUTPUT_NAME: jsonFile },
    );
    const stats = readJson(jsonFile)?.stats;
    if (!stats) return { passed: 0, failed: 1, note: `no JSON report (exit ${code})` };
    const passed = (stats.expected ?? 0) + (stats.flaky ?? 0);
    const failed = stats.unexpected ?? 0;
    if (code !== 0 && failed === 0) return { passed, failed: 1, note: `playwright exited ${code}` };
    if (failed) for (const p of processes) printLogTail(p.logFile, 15);
    return { passed, failed };
  } finally {
    await Promise.all(processes.map((p) => stopProcess(p.child)));
  }
}

// `npm start` on a machine where nothing answers: it must start its own Postgres and Redis, migrate, seed, serve,
// and stop everything it started on SIGTERM.
// Done-when of the foundation: `npm start` serves the app both when it must start its own Postgres and Redis
// (defaults pointed at closed ports) and when they already run (a database it must create on the run's server).
async function smoke() {
  if (!fs.existsSync(".next/BUILD_ID")) return { passed: 0, failed: 1, note: "no production build (.next/BUILD_ID)" };
  const [pgPort, redisPort] = await distinctFreePorts(2);
  const closed = await smokeStart("closed ports", {
    dataDir: smokeDir,
    env: {
      DATABASE_URL: `postgres://postgres@127.0.0.1:${pgPort}/watchdesk`,
      REDIS_URL: `redis://127.0.0.1:${redisPort}`,
    },
    isLocalExpected: true,
  });
  if (!services)
    return { passed: closed.passed, failed: closed.failed + 1, note: "no running services to start against" };
  const database = `${testDatabase}_start`;
  const prefix = `${redisPrefix}_start`;
  const url = new URL(services.databaseUrl);
  url.pathname = `/${database}`;
  const running = await smokeStart("running services", {
    dataDir: `${smokeDir}-running`,
    env: { DATABASE_URL: url.toString(), REDIS_URL: services.redisUrl, REDIS_PREFIX: prefix },
    isLocalExpected: false,
  }).finally(async () => {
    await dropDatabase(services.databaseUrl, database).catch((error) =>
      say(`could not drop ${database}: ${error.message}`),
    );
    await deleteRedisKeys(services.redisUrl, [`${prefix}:*`, `{${prefix}}*`]).catch(() => {});
  });
  return {
    passed: closed.passed + running.passed,
    failed: closed.failed + running.failed,
    note: closed.note ?? running.note,
  };
}

async function smokeStart(label, { dataDir, env: overrides, isLocalExpected }) {
  const [appPort] = await distinctFreePorts(1);
  const env = { ...baseEnv() };
  for (const name of [
    "DATABASE_URL",
    "REDIS_URL",
    "REDIS_PREFIX",
    "NEXTAUTH_SECRET",
    "NEXTAUTH_URL",
    "APP_URL",
    "SEED_DEMO",
    "DEMO_PASSWORD",
    "NODE_ENV",
  ]) {
    delete env[name];
  }
  Object.assign(env, overrides, { WATCHDESK_DATA_DIR: dataDir, WATCHDESK_SKIP_BUILD: "1", PORT: String(appPort) });
  say(`smoke: npm start with ${label}`);
  const proc = startLogged(
    `smoke-${isLocalExpected ? "closed" : "running"}`,
    process.execPath,
    ["scripts/start.mjs"],
    env,
  );
  const exitCode = new Promise((resolve) => proc.child.on("exit", (code, signal) => resolve(code ?? signal)));
  const problems = [];
  try {
    const base = `http://127.0.0.1:${appPort}`;
    const isDead = () => isInterrupted || proc.child.exitCode !== null || proc.child.signalCode !== null;
    const health = await waitForHttp(`${base}/api/health`, { timeoutMs: 80_000, shouldStop: isDead });
    if (!health.ok) problems.push(`/api/health answered ${health.status || "nothing"}: ${health.body.slice(0, 200)}`);
    else {
      const signIn = await waitForHttp(`${base}/sign-in`, { timeoutMs: 10_000, shouldStop: isDead });
      if (!signIn.ok) problems.push(`/sign-in answered ${signIn.status || "nothing"}`);
    }
    const log = fs.readFileSync(proc.logFile, "utf8");
    const startedPostgres = /postgres: starting a local server/.test(log);
    const startedRedis = /redis: starting a local server/.test(log);
    if (isLocalExpected && !startedPostgres) problems.push("it did not start its own Postgres");
    if (isLocalExpected && !startedRedis) problems.push("it did not start its own Redis");
    if (!isLocalExpected && (startedPostgres || startedRedis))
      problems.push("it started its own servers though both answered");
    if (!/Seeded demo organisation/.test(log)) problems.push("it did not seed the empty database");
    const wereRunning = runningLocalServers(dataDir).map((s) => s.name);
    proc.child.kill("SIGTERM");
    const code = await Promise.race([exitCode, sleep(25_000).then(() => "timeout")]);
    if (code === "timeout") problems.push("start.mjs did not exit within 25 s of SIGTERM");
    else if (code !== 0) problems.push(`start.mjs exited ${code} after SIGTERM`);
    const left = runningLocalServers(dataDir);
    if (left.length)
      problems.push(`still running after exit: ${left.map((s) => `${s.name} (pid ${s.pid})`).join(", ")}`);
    if (isLocalExpected && !wereRunning.length && !problems.length) problems.push("no local servers were running");
  } finally {
    await stopProcess(proc.child, 5_000);
    await stopLocalServers(dataDir);
  }
  if (problems.length) {
    for (const problem of problems) say(`smoke (${label}): ${problem}`);
    printLogTail(proc.logFile, 40);
    return { passed: 0, failed: 1, note: problems[0].slice(0, 60) };
  }
  removeLocalData(dataDir);
  return { passed: 1, failed: 0 };
}

async function distinctFreePorts(count) {
  const ports = new Set();
  while (ports.size < count) ports.add(await freePort());
  return [...ports];
}

// ---------------------------------------------------------------------------------------------------------------

let cleanupPromise = null;
function cleanup() {
  cleanupPromise ??= (async () => {
    await Promise.all([...active].map((child) => stopProcess(child, 5_000)));
    if (fs.existsSync(smokeDir)) {
      await stopLocalServers(smokeDir).catch(() => {});
    }
    if (services) {
      await dropDatabase(services.databaseUrl, testDatabase).catch((error) =>
        say(`warning: could not drop ${testDatabase}: ${error.message}`),
      );
      await deleteRedisKeys(services.redisUrl, [`${redisPrefix}*`, `{${redisPrefix}}*`]).catch((error) =>
        say(`warning: could not delete Redis keys ${redisPrefix}*: ${error.message}`),
      );
      await services.stop();
    }
  })();
  return cleanupPromise;
}

function onSignal(signal) {
  if (isInterrupted) return;
  isInterrupted = true;
  say(`${signal}: cleaning up`);
  cleanup().finally(() => {
    printSummary();
    process.exit(130);
  });
}
process.on("SIGINT", () => onSignal("SIGINT"));
process.on("SIGTERM", () => onSignal("SIGTERM"));

async function runSuite(name, fn) {
  if (isInterrupted) return;
  say(`── ${name}`);
  const started = Date.now();
  let result;
  try {
    result = await fn();
  } catch (error) {
    console.error(`[test] ${name}: ${error.message}`);
    result = { passed: 0, failed: 1, note: error.message.split("\n")[0].slice(0, 60) };
  }
  if (isInterrupted) return;
  results.push({ name, ...result, ms: Date.now() - started });
}

const SUITE_FNS = {
  lint,
  typecheck,
  unit: () => vitest("unit"),
  integration: () => vitest("integration"),
  build,
  e2e,
  smoke,
};

async function main() {
  for (const name of SUITES) {
    if (!selected.includes(name)) continue;
    if (NEEDS_SERVICES.has(name) && !testEnv && !setupError) {
      const started = Date.now();
      say("── services");
      try {
        await setup();
      } catch (error) {
        setupError = error;
        console.error(`[test] services: ${error.message}`);
        results.push({ name: "services", passed: 0, failed: 1, note: "setup failed", ms: Date.now() - started });
      }
    }
    if (isInterrupted) return;
    if (setupError && name !== "build" && NEEDS_SERVICES.has(name)) {
      results.push({ name, passed: 0, failed: 0, note: "skipped: services unavailable", ms: 0 });
      continue;
    }
    await runSuite(name, SUITE_FNS[name]);
  }
}

function printSummary() {
  const rows = results.map((r) => [
    r.name,
    String(r.passed),
    String(r.failed),
    `${(r.ms / 1000).toFixed(1)}s`,
    r.note ?? "",
  ]);
  const header = ["suite", "passed", "failed", "time", ""];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const format = (row) =>
    row
      .map((cell, i) => (i === 0 || i === 4 ? cell.padEnd(widths[i]) : cell.padStart(widths[i])))
      .join("  ")
      .trimEnd();
  console.log(`\n${format(header)}`);
  for (const row of rows) console.log(format(row));
  const passed = results.reduce((sum, r) => sum + r.passed, 0);
  const failed = results.reduce((sum, r) => sum + r.failed, 0);
  console.log(`${passed} passed, ${failed} failed`);
  return failed;
}

try {
  await main();
} finally {
  await cleanup();
}
if (!isInterrupted) {
  const failed = printSummary();
  process.exit(failed ? 1 : 0);
}
