import { randomUUID } from "node:crypto";
import { z } from "zod";
import { SEVERITIES } from "@/db/schema";
import { AppError } from "@/lib/errors";
import type { NormalizedEvent } from "@/lib/ingest/normalized";
import { clip, IsoTimeString, type ParsedEvent, parseBody, toIsoTime } from "./common";

const Text = (max: number) => z.string().max(max);

export const PagerDutyPayload = z.object({
  summary: Text(1024).min(1),
  source: Text(255).min(1),
  severity: z.enum(SEVERITIES),
  timestamp: IsoTimeString.optional(),
  component: Text(255).optional(),
  group: Text(255).optional(),
  class: Text(255).optional(),
  custom_details: z.unknown().optional(),
});

export const PagerDutyEvent = z
  .object({
    routing_key: Text(255).min(1),
    event_action: z.enum(["trigger", "acknowledge", "resolve"]),
    dedup_key: Text(255).min(1).optional(),
    payload: z.unknown().optional(),
    client: Text(1024).optional(),
    client_url: Text(4096).optional(),
    links: z
      .array(z.object({ href: Text(4096), text: Text(512).optional() }))
      .max(50)
      .optional(),
    images: z
      .array(z.object({ src: Text(4096), href: Text(4096).optional(), alt: Text(512).optional() }))
      .max(50)
      .optional(),
  })
  .superRefine((event, ctx) => {
    if (event.event_action !== "trigger" && !event.dedup_key) {
      ctx.addIssue({ code: "custom", path: ["dedup_key"], message: `is required for ${event.event_action}` });
    }
  });
export type PagerDutyEvent = z.infer<typeof PagerDutyEvent>;

// The key is read before the schema runs so that a bad event from a known sender is counted against its integration.
export function pagerDutyRoutingKey(body: unknown): string | null {
  const key = (body as { routing_key?: unknown } | null)?.routing_key;
  return typeof key === "string" && key ? key : null;
}

function detailsAsAnnotations(details: unknown): Record<string, string> {
  if (details === undefined || details === null) return {};
  if (typeof details !== "object" || Array.isArray(details)) return { details: clip(JSON.stringify(details), 16384) };
  return Object.fromEntries(
    Object.entries(details as Record<string, unknown>).map(([k, v]) => [
      k,
      clip(typeof v === "string" ? v : JSON.stringify(v), 16384),
    ]),
  );
}

export function parsePagerDuty(body: unknown, now = new Date()): { events: ParsedEvent[]; dedupKey: string } {
  const event = parseBody(PagerDutyEvent, body);
  const payload =
    event.event_action === "trigger" || event.payload !== undefined
      ? parseBody(z.object({ payload: PagerDutyPayload }), { payload: event.payload }).payload
      : null;
  const dedupKey = event.dedup_key ?? randomUUID().replaceAll("-", "");
  if (dedupKey.length > 255) throw new AppError("invalid", "dedup_key: at most 255 characters");
  const labels: Record<string, string> = {};
  for (const name of ["source", "component", "group", "class"] as const) {
    const value = payload?.[name];
    if (value) labels[name] = value;
  }
  if (payload) labels.severity = payload.severity;
  const annotations = detailsAsAnnotations(payload?.custom_details);
  const links: NormalizedEvent["links"] = (event.links ?? []).map((l) => ({ href: l.href, text: l.text }));
  if (event.client_url) links.push({ href: event.client_url, text: event.client ?? "client" });
  const occurredAt = toIsoTime(payload?.timestamp) ?? now.toISOString();
  const normalized: NormalizedEvent = {
    action: event.event_action,
    fingerprint: dedupKey,
    // PagerDuty's dedup_key is its incident: events sharing it belong together and nothing else does.
    groupKey: dedupKey,
    severity: payload?.severity ?? "info",
    alertname: clip(payload?.class ?? "", 512),
    summary: clip(payload?.summary ?? "", 4096),
    description: "",
    labels,
    annotations,
    generatorUrl: event.client_url ? clip(event.client_url, 4096) : null,
    links: links.slice(0, 50),
    startsAt: event.event_action === "trigger" ? occurredAt : null,
    endsAt: event.event_action === "resolve" ? occurredAt : null,
    occurredAt,
    serviceHint: typeof annotations.service === "string" ? clip(annotations.service, 512) : null,
  };
  const { routing_key: _routingKey, ...stored } = event;
  return { events: [{ normalized, payload: { ...stored, dedup_key: dedupKey } }], dedupKey };
}
