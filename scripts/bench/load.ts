// Payload generators and HTTP senders for the ingest benchmark. Bodies are built before a phase starts, so the load
// generator spends its CPU on sending, not on JSON.stringify.
import http from "node:http";

// Deterministic pseudo-random numbers, so every run offers the same stream.
export function mulberry32(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const BASE = Date.parse("2026-01-01T00:00:00Z");
const SEVERITIES = ["critical", "error", "warning", "info"] as const;

function amAlert(group: number, index: number, isResolved: boolean, at: number, tag: string) {
  const alertname = `Bench${tag}${group}`;
  return {
    status: isResolved ? "resolved" : "firing",
    labels: {
      alertname,
      cluster: `cluster-${group % 7}`,
      namespace: "bench",
      pod: `pod-${group}-${index}`,
      severity: SEVERITIES[group % 4],
    },
    annotations: { summary: `${alertname} on pod-${group}-${index}`, description: "Benchmark alert" },
    startsAt: new Date(BASE).toISOString(),
    endsAt: isResolved ? new Date(at).toISOString() : "0001-01-01T00:00:00Z",
    generatorURL: `http://prometheus.local/graph?g0.expr=up%7Bpod%3D%22pod-${group}-${index}%22%7D`,
    fingerprint: `${tag}${group.toString(16).padStart(4, "0")}${index.toString(16).padStart(4, "0")}`,
  };
}

function amWebhook(group: number, alerts: unknown[], tag: string) {
  const alertname = `Bench${tag}${group}`;
  return {
    version: "4",
    groupKey: `{}:{alertname="${alertname}", cluster="cluster-${group % 7}"}`,
    truncatedAlerts: 0,
    status: "firing",
    receiver: "watchdesk",
    groupLabels: { alertname, cluster: `cluster-${group % 7}` },
    commonLabels: { alertname, namespace: "bench" },
    commonAnnotations: {},
    externalURL: "http://alertmanager.local:9093",
    alerts,
  };
}

export type Stream = { bodies: Buffer[]; events: number; resolves: number; redeliveries: number; fingerprints: number };

/**
 * The end-to-end stream: `fingerprints` alerts in groups of `batch` (one Alertmanager group = one group key, as
 * Alertmanager groups by alertname+cluster); every request is one notification of one group carrying all its alerts,
 * each resolved with probability 0.2; 5 % of requests are an exact re-delivery of that group's previous notification.
 */
export function alertmanagerStream(events: number, fingerprints: number, batch = 50, tag = "s"): Stream {
  const random = mulberry32(7);
  const groups = Math.max(1, Math.floor(fingerprints / batch));
  const last = new Map<number, Buffer>();
  const bodies: Buffer[] = [];
  let resolves = 0;
  let redeliveries = 0;
  const requests = Math.ceil(events / batch);
  for (let i = 0; i < requests; i++) {
    const group = Math.floor(random() * groups);
    const previous = last.get(group);
    if (previous && random() < 0.05) {
      bodies.push(previous);
      redeliveries += batch;
      continue;
    }
    const alerts = [];
    for (let j = 0; j < batch; j++) {
      const isResolved = random() < 0.2;
      if (isResolved) resolves++;
      alerts.push(amAlert(group, j, isResolved, BASE + i * 10, tag));
    }
    const body = Buffer.from(JSON.stringify(amWebhook(group, alerts, tag)));
    last.set(group, body);
    bodies.push(body);
  }
  return { bodies, events: requests * batch, resolves, redeliveries, fingerprints: groups * batch };
}

// Fresh firing alerts only: each request links `batch` new alerts to its group's incident (creating it the first time).
export function freshAlertmanagerBodies(requests: number, batch: number, groups: number, tag: string) {
  const bodies: { body: Buffer; probe: string }[] = [];
  for (let i = 0; i < requests; i++) {
    const group = i % groups;
    const alerts = Array.from({ length: batch }, (_, j) =>
      amAlert(group, Math.floor(i / groups) * batch + j, false, BASE, tag),
    );
    bodies.push({ body: Buffer.from(JSON.stringify(amWebhook(group, alerts, tag))), probe: alerts[0].fingerprint });
  }
  return bodies;
}

// Single PagerDuty Events v2 events over `dedupKeys` incidents: 20 % resolves, the rest triggers.
export function pagerDutyBodies(count: number, routingKey: string, dedupKeys: number) {
  const random = mulberry32(11);
  const bodies: Buffer[] = [];
  for (let i = 0; i < count; i++) {
    const key = Math.floor(random() * dedupKeys);
    const isResolve = random() < 0.2;
    const event = isResolve
      ? { routing_key: routingKey, event_action: "resolve", dedup_key: `pd-${key}` }
      : {
          routing_key: routingKey,
          event_action: "trigger",
          dedup_key: `pd-${key}`,
          payload: {
            summary: `Disk almost full on host-${key}`,
            source: `host-${key}.bench.local`,
            severity: SEVERITIES[key % 4],
            component: "disk",
            group: `rack-${key % 20}`,
            class: "disk_usage",
            custom_details: { used_percent: 91 + (key % 9), mount: "/var" },
          },
          client: "bench",
          client_url: "http://monitoring.local/",
        };
    bodies.push(Buffer.from(JSON.stringify(event)));
  }
  return bodies;
}

export type Sent = { status: number; body: string; startedAt: number; finishedAt: number };

export function keepAliveAgent(connections: number) {
  return new http.Agent({ keepAlive: true, maxSockets: connections, maxFreeSockets: connections });
}

export function post(agent: http.Agent, port: number, path: string, body: Buffer, key?: string): Promise<Sent> {
  const startedAt = performance.now();
  return new Promise((resolve) => {
    const headers: Record<string, string | number> = {
      "content-type": "application/json",
      "content-length": body.length,
    };
    if (key) headers.authorization = `Bearer ${key}`;
    const request = http.request({ host: "127.0.0.1", port, path, method: "POST", agent, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk) => chunks.push(chunk));
      response.on("end", () =>
        resolve({
          status: response.statusCode ?? 0,
          body: Buffer.concat(chunks).toString(),
          startedAt,
          finishedAt: performance.now(),
        }),
      );
      response.on("error", () =>
        resolve({ status: 0, body: "response error", startedAt, finishedAt: performance.now() }),
      );
    });
    request.setTimeout(30_000, () => request.destroy(new Error("timeout")));
    request.on("error", (error) =>
      resolve({ status: 0, body: error.message, startedAt, finishedAt: performance.now() }),
    );
    request.end(body);
  });
}

export type ClosedLoopResult = {
  requests: number;
  accepted: number;
  errors: number;
  firstError?: string;
  seconds: number;
  latenciesMs: number[];
  firstAcceptedAt: number;
  lastAcceptedAt: number;
};

/**
 * `connections` senders, each sending the next body as soon as its previous answer arrived, until the bodies run out
 * or `durationMs` passes (bounded both ways).
 */
export async function closedLoop(options: {
  port: number;
  path: string;
  key?: string;
  bodies: Buffer[];
  connections: number;
  durationMs?: number;
  cycle?: boolean;
}): Promise<ClosedLoopResult> {
  const agent = keepAliveAgent(options.connections);
  const started = performance.now();
  const deadline = options.durationMs ? started + options.durationMs : Number.POSITIVE_INFINITY;
  const maxRequests = options.cycle ? 10_000_000 : options.bodies.length;
  let next = 0;
  const result: ClosedLoopResult = {
    requests: 0,
    accepted: 0,
    errors: 0,
    seconds: 0,
    latenciesMs: [],
    firstAcceptedAt: Number.POSITIVE_INFINITY,
    lastAcceptedAt: 0,
  };
  const sender = async () => {
    while (next < maxRequests && performance.now() < deadline) {
      const body = options.bodies[next++ % options.bodies.length];
      const sent = await post(agent, options.port, options.path, body, options.key);
      result.requests++;
      if (sent.status === 202) {
        result.accepted++;
        result.latenciesMs.push(sent.finishedAt - sent.startedAt);
        result.firstAcceptedAt = Math.min(result.firstAcceptedAt, sent.finishedAt);
        result.lastAcceptedAt = Math.max(result.lastAcceptedAt, sent.finishedAt);
      } else {
        result.errors++;
        result.firstError ??= `${sent.status} ${sent.body.slice(0, 200)}`;
      }
    }
  };
  await Promise.all(Array.from({ length: options.connections }, sender));
  result.seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return result;
}

export function percentile(values: number[], p: number) {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
