// The app's own processes as benchmark children: `next start` and `tsx workers/index.ts`, each logging to
// .data/bench/<name>.log, tracked in a set so that cleanup can stop whatever is still running.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { say } from "./harness";

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export type Logged = { child: ChildProcess; logFile: string; tail: () => string };

// The environment of the app's processes in a benchmark: its own database, Redis prefix, session secret and port.
export function appEnv(o: {
  databaseUrl: string;
  redisUrl: string;
  prefix: string;
  port: number;
  extra?: Record<string, string>;
}): Record<string, string> {
  const appUrl = `http://127.0.0.1:${o.port}`;
  return {
    ...(process.env as Record<string, string>),
    DATABASE_URL: o.databaseUrl,
    REDIS_URL: o.redisUrl,
    REDIS_PREFIX: o.prefix,
    NEXTAUTH_SECRET: randomBytes(48).toString("base64url"),
    APP_URL: appUrl,
    NEXTAUTH_URL: appUrl,
    SEED_DEMO: "false",
    NODE_ENV: "production",
    PORT: String(o.port),
    NEXT_TELEMETRY_DISABLED: "1",
    ...o.extra,
  };
}

export function spawnLogged(
  root: string,
  name: string,
  cmd: string,
  args: string[],
  env: Record<string, string>,
  children: Set<ChildProcess>,
): Logged {
  const logDir = path.join(root, ".data", "bench");
  fs.mkdirSync(logDir, { recursive: true });
  const logFile = path.join(logDir, `${name}.log`);
  const fd = fs.openSync(logFile, "w");
  const child: ChildProcess = spawn(cmd, args, { cwd: root, env: env as NodeJS.ProcessEnv, stdio: ["ignore", fd, fd] });
  fs.closeSync(fd);
  children.add(child);
  child.on("exit", () => children.delete(child));
  return { child, logFile, tail: () => fs.readFileSync(logFile, "utf8").split("\n").slice(-30).join("\n") };
}

// `next start` on 127.0.0.1:port, ready once /api/health reports Postgres and Redis up.
export async function startWeb(
  root: string,
  env: Record<string, string>,
  port: number,
  children: Set<ChildProcess>,
  options: { name?: string; profileArgs?: string[] } = {},
): Promise<Logged> {
  const web = spawnLogged(
    root,
    options.name ?? "web",
    process.execPath,
    [
      ...(options.profileArgs ?? []),
      path.join(root, "node_modules", "next", "dist", "bin", "next"),
      "start",
      "-p",
      String(port),
      "-H",
      "127.0.0.1",
    ],
    env,
    children,
  );
  // /api/health answers 503 until a worker heartbeats; any answer from the app with Postgres and Redis up will do.
  const health = await waitForApp(`http://127.0.0.1:${port}/api/health`, () => web.child.exitCode !== null);
  if (!health.ok) throw new Error(`web server not ready: ${health.body.slice(0, 300)}\n${web.tail()}`);
  return web;
}

async function waitForApp(url: string, hasExited: () => boolean) {
  let body = "no answer";
  for (let i = 0; i < 180 && !hasExited(); i++) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
      body = await response.text();
      const checks = (JSON.parse(body) as { checks?: Record<string, { ok: boolean }> }).checks;
      if (checks?.postgres?.ok && checks?.redis?.ok) return { ok: true, body };
    } catch (error) {
      body = (error as Error).message;
    }
    await sleep(500);
  }
  return { ok: false, body };
}

export async function startWorkers(
  root: string,
  env: Record<string, string>,
  count: number,
  children: Set<ChildProcess>,
  options: { name?: string; profileArgs?: string[] } = {},
): Promise<Logged[]> {
  const profileArgs = options.profileArgs ?? [];
  const started = Array.from({ length: count }, (_, i) =>
    spawnLogged(
      root,
      `${options.name ?? "workers"}-${i + 1}`,
      profileArgs.length ? process.execPath : path.join(root, "node_modules", ".bin", "tsx"),
      profileArgs.length ? [...profileArgs, "--import", "tsx", "workers/index.ts"] : ["workers/index.ts"],
      env,
      children,
    ),
  );
  const deadline = Date.now() + 60_000;
  for (const w of started) {
    while (!fs.readFileSync(w.logFile, "utf8").includes("running queues")) {
      if (w.child.exitCode !== null || Date.now() > deadline) throw new Error(`worker did not start:\n${w.tail()}`);
      await sleep(200);
    }
  }
  say(`${count} worker process${count > 1 ? "es" : ""} running (pids ${started.map((w) => w.child.pid).join(", ")})`);
  return started;
}

export function stopChild(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}
