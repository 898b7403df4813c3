import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const TSX_BIN = path.join(REPO_ROOT, "node_modules/.bin/tsx");

export type Finished = { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string };

export function finished(child: ChildProcess): Promise<Finished> {
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk) => {
    stdout += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    stderr += chunk;
  });
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

// The CLI as an operator runs it: `npx tsx scripts/wd.ts …`, with the test's environment.
export function runWd(
  args: string[],
  options: { stdin?: string; env?: Record<string, string> } = {},
): Promise<Finished> {
  const child = spawn("npx", ["tsx", "scripts/wd.ts", ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...options.env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  const result = finished(child);
  child.stdin?.end(options.stdin ?? "");
  return result;
}

export async function waitFor<T>(
  probe: () => Promise<T | undefined | null | false>,
  { timeoutMs = 20_000, intervalMs = 100, what = "condition" } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
