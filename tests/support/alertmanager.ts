import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import { type AddressInfo, createServer as createNetServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { waitFor } from "./processes";

export const ALERTMANAGER_BIN = process.env.ALERTMANAGER_BIN ?? "/usr/bin/prometheus-alertmanager";

export async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

type RouteHandler = (request: Request) => Promise<Response>;

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

// Serves a Next.js route handler over real HTTP, so a real sender (Alertmanager) can post to it.
export async function serveRoute(
  handler: RouteHandler,
): Promise<{ url: string; received: number[]; close: () => Promise<void> }> {
  const received: number[] = [];
  const server: Server = createServer(async (req, res) => {
    const body = await readBody(req);
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (typeof value === "string") headers.set(name, value);
    }
    const address = server.address() as AddressInfo;
    const response = await handler(
      new Request(`http://127.0.0.1:${address.port}${req.url}`, {
        method: req.method,
        headers,
        body: req.method === "GET" || req.method === "HEAD" ? undefined : new Uint8Array(body),
      }),
    );
    received.push(response.status);
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export type RunningAlertmanager = { url: string; process: ChildProcess; stop: () => Promise<void> };

export async function startAlertmanager(config: string): Promise<RunningAlertmanager> {
  const dir = mkdtempSync(path.join(tmpdir(), "wd-am-"));
  writeFileSync(path.join(dir, "alertmanager.yml"), config);
  const port = await freePort();
  const child = spawn(
    ALERTMANAGER_BIN,
    [
      `--config.file=${path.join(dir, "alertmanager.yml")}`,
      `--storage.path=${path.join(dir, "data")}`,
      `--web.listen-address=127.0.0.1:${port}`,
      "--cluster.listen-address=",
      "--log.level=warn",
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  child.stdout?.on("data", (d) => (output += d));
  child.stderr?.on("data", (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  await waitFor(
    async () => {
      if (child.exitCode !== null) throw new Error(`alertmanager exited: ${output}`);
      return fetch(`${url}/-/ready`)
        .then((r) => r.ok)
        .catch(() => false);
    },
    { timeoutMs: 20_000, what: "alertmanager to be ready" },
  );
  return {
    url,
    process: child,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type AmAlert = { labels: Record<string, string>; annotations?: Record<string, string>; endsAt?: string };

export async function postAlerts(amUrl: string, alerts: AmAlert[]) {
  const response = await fetch(`${amUrl}/api/v2/alerts`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(alerts.map((a) => ({ ...a, generatorURL: "http://prometheus.example/graph" }))),
  });
  if (!response.ok) throw new Error(`alertmanager refused alerts: ${response.status} ${await response.text()}`);
}
