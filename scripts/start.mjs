// `npm start` (production) and `npm run dev` (--dev): dependencies, Postgres and Redis, secret, migrations, demo
// seed, build, then the web server and the workers until Ctrl-C.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ensureServices, run, ServiceError, tail, waitForHttp } from "./services.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(root);

const isDev = process.argv.includes("--dev");
const dataDir = path.resolve(process.env.WATCHDESK_DATA_DIR || ".data");
const port = process.env.PORT || "3000";
const appUrl = process.env.APP_URL || `http://localhost:${port}`;
const isSeeding = !["false", "0", "no"].includes((process.env.SEED_DEMO ?? "").toLowerCase());
const demoPassword = process.env.DEMO_PASSWORD || "watchdesk-demo";
const STOP_GRACE_MS = 10_000;

const say = (message) => console.log(`[start] ${message}`);
const bin = (name) => path.join(root, "node_modules", ".bin", name);

const active = new Set();
let services = null;
let servicesPromise = null;
let isStopping = false;

function mtime(file) {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

function newestMtime(target) {
  let stat;
  try {
    stat = fs.statSync(target);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of fs.readdirSync(target)) {
    if (entry === "node_modules" || entry.startsWith(".")) continue;
    newest = Math.max(newest, newestMtime(path.join(target, entry)));
  }
  return newest;
}

class StepError extends Error {}

// Runs one setup step with its output captured; the output is shown only when the step fails.
async function step(label, cmd, args, env) {
  const result = await run(cmd, args, { env, onSpawn: (child) => track(child) });
  if (isStopping) throw new StepError("stopped");
  if (result.code !== 0) throw new StepError(`${label} failed (exit ${result.code}):\n${tail(result.output, 40)}`);
  return result.output;
}

function track(child) {
  active.add(child);
  child.on("exit", () => active.delete(child));
  return child;
}

function needsInstall() {
  if (!fs.existsSync("node_modules")) return true;
  return mtime("package-lock.json") > mtime("node_modules/.package-lock.json");
}

function readOrCreateSecret() {
  const file = path.join(dataDir, "nextauth-secret");
  const existing = fs.existsSync(file) ? fs.readFileSync(file, "utf8").trim() : "";
  if (existing.length >= 32) return existing;
  const secret = randomBytes(48).toString("base64url");
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  fs.chmodSync(file, 0o600);
  say(`generated NEXTAUTH_SECRET into ${path.relative(root, file)}`);
  return secret;
}

const BUILD_INPUTS = [
  "app",
  "components",
  "lib",
  "db",
  "public",
  "messages",
  "i18n",
  "next.config.ts",
  "package.json",
  "postcss.config.mjs",
  "tsconfig.json",
  "middleware.ts",
  "proxy.ts",
  "instrumentation.ts",
];

function needsBuild() {
  const built = mtime(".next/BUILD_ID");
  if (!built) return true;
  if (["1", "true", "yes"].includes((process.env.WATCHDESK_SKIP_BUILD ?? "").toLowerCase())) return false;
  return BUILD_INPUTS.some((input) => newestMtime(input) > built);
}

function stopChild(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), STOP_GRACE_MS);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

async function shutdown(reason, exitCode) {
  if (isStopping) return;
  isStopping = true;
  if (reason) say(reason);
  await Promise.all([...active].map(stopChild));
  if (!services && servicesPromise) services = await servicesPromise.catch(() => null);
  await services?.stop();
  process.exit(exitCode);
}

function onSignal(signal) {
  if (isStopping) {
    for (const child of active) child.kill("SIGKILL");
    return;
  }
  void shutdown(`${signal}: stopping`, 0);
}
process.on("SIGINT", () => onSignal("SIGINT"));
process.on("SIGTERM", () => onSignal("SIGTERM"));

async function main() {
  if (needsInstall()) {
    say("installing dependencies (npm install)");
    await step("npm install", "npm", ["install", "--no-audit", "--no-fund"], process.env);
  }

  servicesPromise = ensureServices({ dataDir, log: say });
  services = await servicesPromise;
  if (isStopping) return;

  const env = {
    ...process.env,
    DATABASE_URL: services.databaseUrl,
    REDIS_URL: services.redisUrl,
    NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET || readOrCreateSecret(),
    APP_URL: appUrl,
    NEXTAUTH_URL: appUrl,
    PORT: port,
  };
  // The wd command line reads this when DATABASE_URL/REDIS_URL are unset, so it reaches the servers started here.
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(
    path.join(dataDir, "runtime.env"),
    `DATABASE_URL=${services.databaseUrl}\nREDIS_URL=${services.redisUrl}\n`,
    { mode: 0o600 },
  );

  await step("migrate", bin("tsx"), ["scripts/wd.ts", "migrate"], env);
  say("database migrated");
  if (isSeeding) {
    const output = await step("seed", bin("tsx"), ["scripts/wd.ts", "seed", "--if-empty"], env);
    say(output.trim().split("\n").at(-1) ?? "seeded");
  } else {
    // Without demo data a new install still gets the business calendars and default SLA policies.
    const output = await step("sla defaults", bin("tsx"), ["scripts/wd.ts", "sla", "defaults", "--if-empty"], env);
    say(output.trim().split("\n").at(-1) ?? "SLA defaults installed");
  }

  const childEnv = isDev ? env : { ...env, NODE_ENV: "production" };
  if (!isDev && needsBuild()) {
    say("building the app (next build; this takes a minute)");
    await step("next build", bin("next"), ["build"], childEnv);
  }

  const children = [
    ["web", bin("next"), [isDev ? "dev" : "start", "-p", port]],
    ["workers", bin("tsx"), ["workers/index.ts"]],
  ];
  for (const [name, cmd, args] of children) {
    const child = track(spawn(cmd, args, { env: childEnv, stdio: "inherit" }));
    child.on("error", (error) => void shutdown(`${name} could not start: ${error.message}`, 1));
    child.on("exit", (code, signal) => {
      if (!isStopping) void shutdown(`${name} exited (${signal ?? `code ${code}`}); stopping`, 1);
    });
  }
  say(`${isDev ? "next dev" : "next start"} on port ${port} and the workers are starting`);

  const health = await waitForHttp(`http://127.0.0.1:${port}/api/health`, {
    timeoutMs: isDev ? 180_000 : 90_000,
    shouldStop: () => isStopping,
  });
  if (isStopping) return;
  if (!health.ok) {
    say(`warning: /api/health still answers ${health.status || "nothing"}: ${health.body.slice(0, 300)}`);
  }
  say(`Watchdesk is running at ${appUrl}`);
  if (isSeeding) {
    say(`sign in as admin@example.com (or manager@, agent@, engineer@example.com) with password "${demoPassword}"`);
  }
}

main().catch((error) => {
  if (isStopping) return;
  const message = error instanceof ServiceError || error instanceof StepError ? error.message : error.stack;
  console.error(`[start] error: ${message}`);
  void shutdown(null, 1);
});
