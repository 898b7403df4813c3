// CPU accounting from /proc: who used the two cores during a phase (web, workers, Postgres, Redis, the load generator,
// and everything else on the machine, e.g. other engineers' test suites).
import fs from "node:fs";
import os from "node:os";

const TICKS_PER_SECOND = 100;

type Proc = { pid: number; ppid: number; comm: string; ticks: number };

function readProc(pid: number): Proc | null {
  try {
    const text = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const close = text.lastIndexOf(")");
    const comm = text.slice(text.indexOf("(") + 1, close);
    const fields = text.slice(close + 2).split(" ");
    // fields[0] is state (field 3); utime and stime are fields 14 and 15, children's 16 and 17.
    return { pid, ppid: Number(fields[1]), comm, ticks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return null;
  }
}

function allProcs(): Proc[] {
  const list: Proc[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const proc = readProc(Number(entry));
    if (proc) list.push(proc);
  }
  return list;
}

function descendants(procs: Proc[], roots: number[]): Set<number> {
  const set = new Set(roots);
  let grew = true;
  while (grew) {
    grew = false;
    for (const p of procs) {
      if (!set.has(p.pid) && set.has(p.ppid)) {
        set.add(p.pid);
        grew = true;
      }
    }
  }
  return set;
}

function machineTicks() {
  const line = fs.readFileSync("/proc/stat", "utf8").split("\n")[0];
  const values = line.trim().split(/\s+/).slice(1).map(Number);
  const idle = values[3] + (values[4] ?? 0);
  const total = values.slice(0, 8).reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}

export type Roles = { web: number[]; workers: number[]; postgresBackends: number[] };
export type CpuSnapshot = {
  at: number;
  machine: { busy: number; total: number };
  byPid: Map<number, Proc>;
  roles: Roles;
  self: NodeJS.CpuUsage;
};

export function cpuSnapshot(roles: Roles): CpuSnapshot {
  const procs = allProcs();
  return {
    at: Date.now(),
    machine: machineTicks(),
    byPid: new Map(procs.map((p) => [p.pid, p])),
    roles,
    self: process.cpuUsage(),
  };
}

export type CpuReport = {
  seconds: number;
  cores: number;
  machineBusyCores: number;
  web: number;
  workers: number;
  postgres: number;
  postgresOurs: number;
  redis: number;
  bench: number;
  other: number;
};

// Cores used by each role between two snapshots (1.0 = one core fully busy).
export function cpuBetween(a: CpuSnapshot, b: CpuSnapshot): CpuReport {
  const seconds = (b.at - a.at) / 1000;
  const procsB = [...b.byPid.values()];
  const used = (pids: Iterable<number>) => {
    let ticks = 0;
    for (const pid of pids) {
      const end = b.byPid.get(pid);
      if (!end) continue;
      const start = a.byPid.get(pid);
      ticks += end.ticks - (start && start.comm === end.comm ? start.ticks : 0);
    }
    return ticks / TICKS_PER_SECOND / seconds;
  };
  const web = descendants(procsB, b.roles.web);
  const workers = descendants(procsB, b.roles.workers);
  const postgresPids = procsB.filter((p) => p.comm === "postgres" || p.comm.startsWith("postgres")).map((p) => p.pid);
  const redisPids = procsB.filter((p) => p.comm.startsWith("redis-server")).map((p) => p.pid);
  const bench = (b.self.user + b.self.system - a.self.user - a.self.system) / 1e6 / seconds;
  const machineBusyCores = ((b.machine.busy - a.machine.busy) / (b.machine.total - a.machine.total)) * os.cpus().length;
  const report = {
    seconds,
    cores: os.cpus().length,
    machineBusyCores,
    web: used(web),
    workers: used(workers),
    postgres: used(postgresPids),
    postgresOurs: used(b.roles.postgresBackends),
    redis: used(redisPids),
    bench,
    other: 0,
  };
  report.other = Math.max(0, machineBusyCores - report.web - report.workers - report.postgres - report.redis - bench);
  return report;
}

export function formatCpu(r: CpuReport) {
  const f = (n: number) => n.toFixed(2);
  return (
    `machine ${f(r.machineBusyCores)}/${r.cores} cores busy: web ${f(r.web)}, workers ${f(r.workers)}, ` +
    `postgres ${f(r.postgres)} (this db's backends ${f(r.postgresOurs)}), redis ${f(r.redis)}, ` +
    `load generator ${f(r.bench)}, other ${f(r.other)}`
  );
}

type ProfileNode = {
  id: number;
  hitCount?: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
};

// Self time per function (and per package) from the V8 .cpuprofile files written by `node --cpu-prof`.
export function summarizeProfiles(dir: string, top = 12): string[] {
  const lines: string[] = [];
  if (!fs.existsSync(dir)) return lines;
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith(".cpuprofile"))) {
    const profile = JSON.parse(fs.readFileSync(`${dir}/${file}`, "utf8")) as {
      nodes: ProfileNode[];
      startTime: number;
      endTime: number;
      samples: number[];
      timeDeltas: number[];
    };
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const selfMs = new Map<number, number>();
    for (let i = 0; i < profile.samples.length; i++) {
      selfMs.set(profile.samples[i], (selfMs.get(profile.samples[i]) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
    }
    let total = 0;
    let idle = 0;
    const byFunction = new Map<string, number>();
    const byPackage = new Map<string, number>();
    for (const [id, msSelf] of selfMs) {
      const node = byId.get(id);
      if (!node) continue;
      const { functionName, url, lineNumber } = node.callFrame;
      if (functionName === "(idle)" || functionName === "(program)") {
        if (functionName === "(idle)") idle += msSelf;
        else total += msSelf;
        if (functionName === "(idle)") continue;
      } else total += msSelf;
      const pkg =
        /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1] ??
        (url.startsWith("node:") ? "node:internal" : url ? "app" : functionName);
      byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + msSelf);
      const key = `${functionName || "(anonymous)"} ${url.replace(/^.*node_modules\//, "").replace(/^file:\/\/.*?\/(app|lib|workers|db|\.next)\//, "$1/")}:${lineNumber + 1}`;
      byFunction.set(key, (byFunction.get(key) ?? 0) + msSelf);
    }
    if (total < 200) continue;
    const pct = (v: number) => `${((100 * v) / total).toFixed(1)} %`;
    lines.push(`${file}: ${(total / 1000).toFixed(1)} s on CPU, ${(idle / 1000).toFixed(1)} s idle`);
    lines.push(
      `  by package: ${[...byPackage.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 10)
        .map(([k, v]) => `${k} ${pct(v)}`)
        .join(", ")}`,
    );
    for (const [k, v] of [...byFunction.entries()].sort((a, b) => b[1] - a[1]).slice(0, top))
      lines.push(`  ${pct(v).padStart(7)}  ${k}`);
  }
  return lines;
}
