// Finds or starts the Postgres and Redis that Watchdesk needs. Plain Node ESM: `postgres` and `ioredis` are
// imported lazily so start.mjs can load this file before `npm install` has run.
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

export const DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/watchdesk";
export const DEFAULT_REDIS_URL = "redis://127.0.0.1:6379";
const LOCAL_DATABASE = "watchdesk";
const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EADDRNOTAVAIL",
  "CONNECT_TIMEOUT",
]);

export class ServiceError extends Error {
  name = "ServiceError";
}

const isRoot = () => process.getuid?.() === 0;

// ---------------------------------------------------------------------------------------------------------------
// Small process and network helpers, shared with start.mjs and test.mjs.

export function which(name, extraDirs = []) {
  const dirs = [...(process.env.PATH ?? "").split(path.delimiter), ...extraDirs].filter(Boolean);
  for (const dir of dirs) {
    const file = path.join(dir, name);
    try {
      fs.accessSync(file, fs.constants.X_OK);
      if (fs.statSync(file).isFile()) return file;
    } catch {}
  }
  return null;
}

/** Runs a command, capturing stdout+stderr (optionally appended to logFile). Resolves { code, signal, output }. */
export function run(cmd, args, { env = process.env, cwd, logFile, input, onSpawn } = {}) {
  return new Promise((resolve) => {
    let output = "";
    const log = logFile ? fs.createWriteStream(logFile, { flags: "a" }) : null;
    log?.write(`\n$ ${cmd} ${args.join(" ")}\n`);
    const child = spawn(cmd, args, { env, cwd, stdio: [input === undefined ? "ignore" : "pipe", "pipe", "pipe"] });
    onSpawn?.(child);
    const collect = (chunk) => {
      output += chunk;
      if (output.length > 1_000_000) output = output.slice(-500_000);
      log?.write(chunk);
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    if (input !== undefined) child.stdin.end(input);
    let isDone = false;
    const done = (result) => {
      if (isDone) return;
      isDone = true;
      log?.end();
      resolve({ ...result, output });
    };
    child.on("error", (error) => {
      collect(`${error.message}\n`);
      done({ code: 127, signal: null });
    });
    child.on("close", (code, signal) => done({ code: code ?? 1, signal }));
  });
}

export function tail(text, lines = 20) {
  return text.trimEnd().split("\n").slice(-lines).join("\n");
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export function isPortFree(port) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.on("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export function isAlive(pid) {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === "EPERM";
  }
}

async function waitGone(pid, ms) {
  const deadline = Date.now() + ms;
  while (isAlive(pid) && Date.now() < deadline) await sleep(100);
  return !isAlive(pid);
}

/** Polls url until it answers `status` (default 200). Resolves { ok, status, body }. */
export async function waitForHttp(url, { timeoutMs = 60_000, status = 200, shouldStop = () => false } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last = { ok: false, status: 0, body: "no answer" };
  while (Date.now() < deadline && !shouldStop()) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5_000), redirect: "follow" });
      last = { ok: response.status === status, status: response.status, body: await response.text() };
      if (last.ok) return last;
    } catch (error) {
      last = { ok: false, status: 0, body: error.cause?.code ?? error.message };
    }
    await sleep(500);
  }
  return last;
}

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    return null;
  }
}

function writeJson(file, value) {
  fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

function redact(url) {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return url;
  }
}

function hostPort(url, defaultPort) {
  const parsed = new URL(url);
  return `${parsed.hostname || "localhost"}:${parsed.port || defaultPort}`;
}

function isLoopback(url) {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, "");
  return host === "" || host === "localhost" || host === "::1" || host.startsWith("127.");
}

function relative(file) {
  const rel = path.relative(process.cwd(), file);
  return rel && !rel.startsWith("..") ? rel : file;
}

// ---------------------------------------------------------------------------------------------------------------
// apt-get, for a fresh Debian/Ubuntu machine run as root.

let aptUpdated = false;

export function canAptInstall() {
  return isRoot() && Boolean(which("apt-get"));
}

export async function aptInstall(packages, { log = console.log, logFile } = {}) {
  log(`installing ${packages.join(" ")} with apt-get${logFile ? ` (log: ${relative(logFile)})` : ""}`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  if (!aptUpdated) {
    const update = await run("apt-get", ["update"], { env, logFile });
    if (update.code !== 0) throw new ServiceError(`apt-get update failed:\n${tail(update.output)}`);
    aptUpdated = true;
  }
  const install = await run("apt-get", ["install", "-y", ...packages], { env, logFile });
  if (install.code !== 0)
    throw new ServiceError(`apt-get install ${packages.join(" ")} failed:\n${tail(install.output)}`);
}

// ---------------------------------------------------------------------------------------------------------------
// Postgres

export function databaseUrlFor(url, database) {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

function databaseName(url) {
  const parsed = new URL(url);
  return decodeURIComponent(parsed.pathname.slice(1)) || decodeURIComponent(parsed.username) || "postgres";
}

const quoteIdent = (name) => `"${name.replaceAll('"', '""')}"`;

async function connectPostgres(url) {
  const { default: postgres } = await import("postgres");
  return postgres(url, { max: 1, connect_timeout: 3, idle_timeout: 1, onnotice: () => {} });
}

const PROBE_TIMEOUT_MS = 8_000;

function probeTimeout() {
  let timer;
  const promise = new Promise((_, reject) => {
    timer = setTimeout(() => {
      const error = new Error(`no answer within ${PROBE_TIMEOUT_MS / 1000} s`);
      error.code = "ETIMEDOUT";
      reject(error);
    }, PROBE_TIMEOUT_MS);
  });
  return { promise, clear: () => clearTimeout(timer) };
}

async function probePostgres(url) {
  const sql = await connectPostgres(url);
  // postgres.js keeps reconnecting when something accepts TCP but never speaks Postgres; the race bounds that.
  const timeout = probeTimeout();
  try {
    await Promise.race([sql`select 1`, timeout.promise]);
    return { ok: true };
  } catch (error) {
    const kind = error.code === "3D000" ? "no-database" : NETWORK_CODES.has(error.code) ? "unreachable" : "refused";
    return { ok: false, kind, message: error.message };
  } finally {
    timeout.clear();
    await sql.end({ timeout: 0 }).catch(() => {});
  }
}

// Runs fn with a connection to the server's maintenance database (postgres, else template1).
async function withMaintenanceDb(url, fn) {
  let lastError;
  for (const database of ["postgres", "template1"]) {
    const sql = await connectPostgres(databaseUrlFor(url, database));
    try {
      return await fn(sql);
    } catch (error) {
      lastError = error;
      if (error.code !== "3D000") throw error;
    } finally {
      await sql.end({ timeout: 2 }).catch(() => {});
    }
  }
  throw lastError;
}

/** Creates database `name` on the server that `url` points to, unless it exists. */
export async function createDatabase(url, name) {
  await withMaintenanceDb(url, async (sql) => {
    const rows = await sql`select 1 from pg_database where datname = ${name}`;
    if (rows.length) return;
    await sql.unsafe(`create database ${quoteIdent(name)}`).catch((error) => {
      if (error.code !== "42P04") throw error;
    });
  });
}

/** Drops database `name` on the server that `url` points to, disconnecting its sessions. */
export async function dropDatabase(url, name) {
  await withMaintenanceDb(url, async (sql) => {
    try {
      await sql.unsafe(`drop database if exists ${quoteIdent(name)} with (force)`);
    } catch (error) {
      if (error.code !== "42601") throw error;
      // Postgres before 13 has no WITH (FORCE).
      await sql`select pg_terminate_backend(pid) from pg_stat_activity where datname = ${name}`;
      await sql.unsafe(`drop database if exists ${quoteIdent(name)}`);
    }
  });
}

function pgVersion(binDir) {
  const result = spawnSync(path.join(binDir, "pg_ctl"), ["--version"], { encoding: "utf8" });
  const match = /\(PostgreSQL\)\s+(\d+)(?:\.(\d+))?/.exec(result.stdout ?? "");
  return match ? { major: Number(match[1]), minor: Number(match[2] ?? 0) } : null;
}

function findPostgresBin(wantMajor) {
  const dirs = [];
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    if (dir && which("pg_ctl", [dir]) === path.join(dir, "pg_ctl")) dirs.push(dir);
  }
  const versioned = [
    ["/usr/lib/postgresql", (v) => `/usr/lib/postgresql/${v}/bin`],
    ["/opt/homebrew/opt", (v) => `/opt/homebrew/opt/${v}/bin`],
    ["/usr/local/opt", (v) => `/usr/local/opt/${v}/bin`],
  ];
  for (const [base, binOf] of versioned) {
    let entries = [];
    try {
      entries = fs.readdirSync(base);
    } catch {}
    for (const entry of entries) {
      if (base === "/usr/lib/postgresql" || /^postgresql(@\d+)?$/.test(entry)) dirs.push(binOf(entry));
    }
  }
  const candidates = [];
  const seen = new Set();
  for (const dir of dirs) {
    const initdb = path.join(dir, "initdb");
    const pgCtl = path.join(dir, "pg_ctl");
    if (!fs.existsSync(initdb) || !fs.existsSync(pgCtl)) continue;
    const real = fs.realpathSync(pgCtl);
    if (seen.has(real)) continue;
    seen.add(real);
    const version = pgVersion(dir);
    if (version) candidates.push({ dir, initdb, pgCtl, ...version });
  }
  candidates.sort((a, b) => b.major - a.major || b.minor - a.minor);
  if (wantMajor) return { bin: candidates.find((c) => c.major === wantMajor) ?? null, candidates };
  return { bin: candidates[0] ?? null, candidates };
}

function postgresInstallHint() {
  return (
    "Install Postgres (Debian/Ubuntu: `sudo apt-get install postgresql`; macOS: `brew install postgresql@17`) " +
    "or set DATABASE_URL to a running server."
  );
}

function hasUser(name) {
  return spawnSync("id", ["-u", name], { stdio: "ignore" }).status === 0;
}

// Postgres refuses to run as root, so as root its commands run as the `postgres` user.
function asPostgres(cmd, args) {
  return isRoot() ? ["runuser", ["-u", "postgres", "--", cmd, ...args]] : [cmd, args];
}

function chownToPostgres(target) {
  if (!isRoot()) return;
  const result = spawnSync("chown", ["-R", "postgres:postgres", target], { encoding: "utf8" });
  if (result.status !== 0) throw new ServiceError(`chown postgres ${target} failed: ${result.stderr.trim()}`);
}

function postgresCanWrite(dir) {
  if (!isRoot()) return true;
  return spawnSync("runuser", ["-u", "postgres", "--", "test", "-w", dir], { stdio: "ignore" }).status === 0;
}

function readPostmaster(pgdata) {
  try {
    const lines = fs.readFileSync(path.join(pgdata, "postmaster.pid"), "utf8").split("\n");
    return { pid: Number(lines[0]), port: Number(lines[3]) };
  } catch {
    return null;
  }
}

function postgresPaths(dataDir) {
  const base = path.join(dataDir, "postgres");
  const state = readJson(path.join(base, "state.json")) ?? {};
  const root = state.root ?? base;
  return { base, root, pgdata: path.join(root, "data"), statePath: path.join(base, "state.json"), state };
}

const localPostgresUrl = (port, database = LOCAL_DATABASE) => `postgres://postgres@127.0.0.1:${port}/${database}`;

async function ensureLocalPostgres({ dataDir, log, allowInstall, durable }) {
  const paths = postgresPaths(dataDir);
  const { base, statePath, state } = paths;
  let { root, pgdata } = paths;
  fs.mkdirSync(base, { recursive: true });

  const running = readPostmaster(pgdata);
  if (running && isAlive(running.pid)) {
    const url = localPostgresUrl(running.port);
    for (let attempt = 0; attempt < 20; attempt++) {
      const probe = await probePostgres(url);
      if (probe.ok || probe.kind === "no-database") {
        if (!probe.ok) await createDatabase(url, LOCAL_DATABASE);
        log(`postgres: reusing the local server on port ${running.port} (${relative(pgdata)})`);
        return { url, stop: null };
      }
      await sleep(500);
    }
    throw new ServiceError(
      `A Postgres (pid ${running.pid}) runs on ${pgdata} but does not answer on port ${running.port}; ` +
        `stop it (kill ${running.pid}) and retry.`,
    );
  }

  const wantMajor = Number(readFileOr(path.join(pgdata, "PG_VERSION"), "").trim()) || undefined;
  let { bin, candidates } = findPostgresBin(wantMajor);
  const needsUser = isRoot() && !hasUser("postgres");
  if ((!candidates.length || needsUser) && allowInstall && canAptInstall()) {
    await aptInstall(["postgresql"], { log, logFile: path.join(base, "apt.log") });
    ({ bin, candidates } = findPostgresBin(wantMajor));
  }
  if (!bin) {
    if (wantMajor && candidates.length) {
      throw new ServiceError(
        `${pgdata} was initialised by Postgres ${wantMajor}, but only Postgres ${candidates.map((c) => c.major).join(", ")} ` +
          `is installed. Install Postgres ${wantMajor} (Debian/Ubuntu: postgresql-${wantMajor}) or delete ${pgdata}.`,
      );
    }
    throw new ServiceError(`Postgres binaries (initdb, pg_ctl) not found. ${postgresInstallHint()}`);
  }
  if (isRoot() && !hasUser("postgres")) {
    throw new ServiceError(
      "Postgres refuses to run as root and there is no `postgres` user to run it as. " +
        "Create one (`useradd --system postgres`), run as a normal user, or set DATABASE_URL.",
    );
  }
  if (isRoot() && !which("runuser")) {
    throw new ServiceError("Running as root needs `runuser` (util-linux) to start Postgres as the `postgres` user.");
  }

  fs.mkdirSync(root, { recursive: true });
  chownToPostgres(root);
  if (!postgresCanWrite(root)) {
    // The repository sits somewhere the postgres user cannot reach (e.g. under /root): keep the cluster in tmp.
    root = path.join(
      os.tmpdir(),
      `watchdesk-${createHash("sha256").update(base).digest("hex").slice(0, 12)}`,
      "postgres",
    );
    pgdata = path.join(root, "data");
    fs.mkdirSync(root, { recursive: true, mode: 0o700 });
    chownToPostgres(path.dirname(root));
    log(`postgres: ${relative(base)} is not reachable by the postgres user; using ${root}`);
  }
  const logFile = path.join(root, "postgres.log");

  if (!fs.existsSync(path.join(pgdata, "PG_VERSION"))) {
    fs.rmSync(pgdata, { recursive: true, force: true });
    log(`postgres: initialising a local cluster in ${relative(pgdata)} (Postgres ${bin.major})`);
    const [cmd, args] = asPostgres(bin.initdb, [
      "-D",
      pgdata,
      "-U",
      "postgres",
      "-A",
      "trust",
      "-E",
      "UTF8",
      "--locale=C",
      "--no-sync",
    ]);
    const result = await run(cmd, args, { cwd: root, logFile: path.join(root, "initdb.log") });
    if (result.code !== 0) throw new ServiceError(`initdb failed:\n${tail(result.output)}`);
    fs.appendFileSync(path.join(pgdata, "postgresql.conf"), "\ninclude_if_exists = 'watchdesk.conf'\n");
  }

  const port = state.port && (await isPortFree(state.port)) ? state.port : await freePort();
  const socketDir = path.join(root, "run");
  fs.mkdirSync(socketDir, { recursive: true });
  // A unix socket path is limited to ~107 bytes; fall back to TCP only when the directory is too deep.
  const socketSetting = `${socketDir}/.s.PGSQL.${port}`.length < 100 ? socketDir.replaceAll("'", "''") : "";
  const settings = [
    `port = ${port}`,
    "listen_addresses = '127.0.0.1'",
    `unix_socket_directories = '${socketSetting}'`,
    "max_connections = 200",
    ...(durable ? [] : ["fsync = off", "synchronous_commit = off", "full_page_writes = off"]),
  ];
  fs.writeFileSync(path.join(pgdata, "watchdesk.conf"), `${settings.join("\n")}\n`);
  chownToPostgres(root);

  log(`postgres: starting a local server on 127.0.0.1:${port}`);
  const [cmd, args] = asPostgres(bin.pgCtl, ["-D", pgdata, "-l", logFile, "-w", "-t", "60", "start"]);
  const started = await run(cmd, args, { cwd: root });
  if (started.code !== 0) {
    throw new ServiceError(`pg_ctl start failed:\n${tail(started.output)}\n${tail(readFileOr(logFile, ""), 10)}`);
  }
  const pid = readPostmaster(pgdata)?.pid ?? null;
  writeJson(statePath, { root, pgdata, port, pid, binDir: bin.dir, startedAt: new Date().toISOString() });

  const url = localPostgresUrl(port);
  const stop = () => stopLocalPostgres(pgdata, bin.pgCtl, log);
  try {
    await createDatabase(url, LOCAL_DATABASE);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, stop };
}

async function stopLocalPostgres(pgdata, pgCtl, log) {
  const running = readPostmaster(pgdata);
  if (!running || !isAlive(running.pid)) return;
  log(`postgres: stopping the local server (pid ${running.pid})`);
  if (pgCtl) {
    const [cmd, args] = asPostgres(pgCtl, ["-D", pgdata, "-m", "fast", "-w", "-t", "30", "stop"]);
    await run(cmd, args, { cwd: path.dirname(pgdata) });
  }
  if (isAlive(running.pid)) {
    process.kill(running.pid, "SIGINT");
    if (!(await waitGone(running.pid, 10_000))) process.kill(running.pid, "SIGKILL");
  }
}

function readFileOr(file, fallback) {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return fallback;
  }
}

async function ensurePostgres({ databaseUrl, dataDir, log, allowInstall, durable }) {
  const isExplicit = Boolean(databaseUrl);
  const url = databaseUrl || DEFAULT_DATABASE_URL;
  const where = hostPort(url, 5432);
  const probe = await probePostgres(url);
  if (probe.ok) {
    log(`postgres: using ${redact(url)}`);
    return { url, stop: null };
  }
  if (probe.kind === "no-database") {
    const name = databaseName(url);
    await createDatabase(url, name).catch((error) => {
      throw new ServiceError(`Postgres at ${where} has no database ${name} and creating it failed: ${error.message}`);
    });
    log(`postgres: created database ${name} on ${where}`);
    return { url, stop: null };
  }
  if (isExplicit && (probe.kind !== "unreachable" || !isLoopback(url))) {
    throw new ServiceError(`Postgres at ${redact(url)} did not accept the connection: ${probe.message}`);
  }
  log(
    probe.kind === "unreachable"
      ? `postgres: nothing answers on ${where}; starting a local server`
      : `postgres: ${where} refused the default login (${probe.message}); starting a local server`,
  );
  return ensureLocalPostgres({ dataDir, log, allowInstall, durable });
}

// ---------------------------------------------------------------------------------------------------------------
// Redis

async function connectRedis(url, options = {}) {
  const { default: Redis } = await import("ioredis");
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 2_000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
    ...options,
  });
  client.on("error", () => {});
  await client.connect();
  return client;
}

async function probeRedis(url) {
  let client;
  const timeout = probeTimeout();
  try {
    await Promise.race([
      (async () => {
        client = await connectRedis(url);
        await client.ping();
      })(),
      timeout.promise,
    ]);
    return { ok: true };
  } catch (error) {
    const isNetwork =
      NETWORK_CODES.has(error.code) || /Connection is closed|ECONNREFUSED|ETIMEDOUT/.test(error.message);
    return { ok: false, kind: isNetwork ? "unreachable" : "refused", message: error.message };
  } finally {
    timeout.clear();
    client?.disconnect();
  }
}

/** Deletes every key matching any of the glob patterns (SCAN + UNLINK). Returns the count. */
export async function deleteRedisKeys(url, patterns) {
  const client = await connectRedis(url, { enableOfflineQueue: true, maxRetriesPerRequest: 2 });
  let deleted = 0;
  try {
    for (const pattern of patterns) {
      let cursor = "0";
      do {
        const [next, keys] = await client.scan(cursor, "MATCH", pattern, "COUNT", 1000);
        cursor = next;
        if (keys.length) deleted += await client.unlink(...keys);
      } while (cursor !== "0");
    }
  } finally {
    client.disconnect();
  }
  return deleted;
}

function redisPaths(dataDir) {
  const dir = path.join(dataDir, "redis");
  return { dir, pidFile: path.join(dir, "redis.pid"), statePath: path.join(dir, "state.json") };
}

function readPid(file) {
  const pid = Number(readFileOr(file, "").trim());
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}

const REDIS_DIRS = ["/usr/bin", "/usr/sbin", "/usr/local/bin", "/opt/homebrew/bin"];

async function ensureLocalRedis({ dataDir, log, allowInstall }) {
  const { dir, pidFile, statePath } = redisPaths(dataDir);
  fs.mkdirSync(dir, { recursive: true });
  const state = readJson(statePath) ?? {};

  const runningPid = readPid(pidFile);
  if (state.port && runningPid && isAlive(runningPid)) {
    const url = `redis://127.0.0.1:${state.port}`;
    if ((await probeRedis(url)).ok) {
      log(`redis: reusing the local server on port ${state.port}`);
      return { url, stop: null };
    }
  }

  let bin = which("redis-server", REDIS_DIRS);
  if (!bin && allowInstall && canAptInstall()) {
    await aptInstall(["redis-server"], { log, logFile: path.join(dir, "apt.log") });
    bin = which("redis-server", REDIS_DIRS);
  }
  if (!bin) {
    throw new ServiceError(
      "redis-server not found. Install Redis (Debian/Ubuntu: `sudo apt-get install redis-server`; " +
        "macOS: `brew install redis`) or set REDIS_URL to a running server.",
    );
  }

  const port = state.port && (await isPortFree(state.port)) ? state.port : await freePort();
  const logFile = path.join(dir, "redis.log");
  log(`redis: starting a local server on 127.0.0.1:${port}`);
  fs.rmSync(pidFile, { force: true });
  const args = ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--daemonize", "yes"];
  args.push("--pidfile", pidFile, "--logfile", logFile, "--save", "", "--appendonly", "no");
  const started = await run(bin, args, { cwd: dir });
  const url = `redis://127.0.0.1:${port}`;
  const deadline = Date.now() + 10_000;
  let probe = { ok: false };
  while (started.code === 0 && Date.now() < deadline) {
    probe = await probeRedis(url);
    if (probe.ok) break;
    await sleep(200);
  }
  if (!probe.ok) {
    throw new ServiceError(
      `redis-server did not start:\n${tail(started.output)}\n${tail(readFileOr(logFile, ""), 10)}`,
    );
  }
  const pid = readPid(pidFile);
  writeJson(statePath, { port, pid, startedAt: new Date().toISOString() });
  return { url, stop: () => stopLocalRedis(dataDir, log) };
}

async function stopLocalRedis(dataDir, log) {
  const pid = readPid(redisPaths(dataDir).pidFile);
  if (!pid || !isAlive(pid)) return;
  log(`redis: stopping the local server (pid ${pid})`);
  process.kill(pid, "SIGTERM");
  if (!(await waitGone(pid, 10_000))) process.kill(pid, "SIGKILL");
}

async function ensureRedis({ redisUrl, dataDir, log, allowInstall }) {
  const isExplicit = Boolean(redisUrl);
  const url = redisUrl || DEFAULT_REDIS_URL;
  const where = hostPort(url, 6379);
  const probe = await probeRedis(url);
  if (probe.ok) {
    log(`redis: using ${redact(url)}`);
    return { url, stop: null };
  }
  if (isExplicit && (probe.kind !== "unreachable" || !isLoopback(url))) {
    throw new ServiceError(`Redis at ${redact(url)} did not answer: ${probe.message}`);
  }
  log(
    probe.kind === "unreachable"
      ? `redis: nothing answers on ${where}; starting a local server`
      : `redis: ${where} refused (${probe.message}); starting a local server`,
  );
  return ensureLocalRedis({ dataDir, log, allowInstall });
}

// ---------------------------------------------------------------------------------------------------------------

/**
 * Makes sure a Postgres and a Redis answer. Uses DATABASE_URL / REDIS_URL (or the local defaults) when they answer;
 * otherwise starts servers from the machine's binaries under dataDir (installing them with apt-get when root and
 * allowed). `stop()` stops only the servers this call started.
 */
export async function ensureServices({
  dataDir,
  log = console.log,
  allowInstall = true,
  durable = true,
  databaseUrl = process.env.DATABASE_URL,
  redisUrl = process.env.REDIS_URL,
} = {}) {
  if (!dataDir) throw new TypeError("ensureServices: dataDir is required");
  const dir = path.resolve(dataDir);
  fs.mkdirSync(dir, { recursive: true });
  const stops = [];
  let isStopped = false;
  const stop = async () => {
    if (isStopped) return;
    isStopped = true;
    for (const fn of stops.reverse()) {
      await fn().catch((error) => log(`warning: ${error.message}`));
    }
  };
  try {
    const pg = await ensurePostgres({ databaseUrl, dataDir: dir, log, allowInstall, durable });
    if (pg.stop) stops.push(pg.stop);
    const redis = await ensureRedis({ redisUrl, dataDir: dir, log, allowInstall });
    if (redis.stop) stops.push(redis.stop);
    return {
      databaseUrl: pg.url,
      redisUrl: redis.url,
      stop,
      started: { postgres: Boolean(pg.stop), redis: Boolean(redis.stop) },
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Local servers recorded under dataDir that are still running: [{ name, pid }]. */
export function runningLocalServers(dataDir) {
  const dir = path.resolve(dataDir);
  const running = [];
  const pg = readPostmaster(postgresPaths(dir).pgdata);
  if (pg && isAlive(pg.pid)) running.push({ name: "postgres", pid: pg.pid });
  const redisPid = readPid(redisPaths(dir).pidFile);
  if (redisPid && isAlive(redisPid)) running.push({ name: "redis", pid: redisPid });
  return running;
}

/** Stops whatever local servers are recorded running under dataDir, whoever started them. */
export async function stopLocalServers(dataDir, log = () => {}) {
  const dir = path.resolve(dataDir);
  const { pgdata, state } = postgresPaths(dir);
  const pgCtl = state.binDir ? path.join(state.binDir, "pg_ctl") : null;
  await stopLocalPostgres(pgdata, pgCtl && fs.existsSync(pgCtl) ? pgCtl : null, log);
  await stopLocalRedis(dir, log);
}

/** Deletes dataDir and a cluster that had to be kept outside it. */
export function removeLocalData(dataDir) {
  const dir = path.resolve(dataDir);
  const { root, base } = postgresPaths(dir);
  if (root !== base) fs.rmSync(path.dirname(root), { recursive: true, force: true });
  fs.rmSync(dir, { recursive: true, force: true });
}
