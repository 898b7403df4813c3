import { createHash } from "node:crypto";
import { z } from "zod";
import { EVENT_ACTIONS } from "@/db/schema";
import type { NormalizedEvent } from "@/lib/ingest/normalized";
import { clip, IsoTimeString, type ParsedEvent, parseBody, toIsoTime, toSeverity } from "./common";

const Scalar = z.union([z.string(), z.number(), z.boolean()]).transform(String);
const Text = (max: number) => z.string().max(max);

export const GenericEvent = z
  .object({
    title: Text(4096).optional(),
    summary: Text(4096).optional(),
    description: Text(16384).optional(),
    status: z.enum(["firing", "resolved"]).optional(),
    action: z.enum(EVENT_ACTIONS).optional(),
    severity: Text(64).optional(),
    dedup_key: Text(512).min(1).optional(),
    labels: z.record(z.string(), Scalar).default({}),
    annotations: z.record(z.string(), Scalar).default({}),
    source: Text(512).optional(),
    service: Text(512).optional(),
    links: z
      .array(z.union([Text(4096), z.object({ href: Text(4096), text: Text(512).optional() })]))
      .max(50)
      .default([]),
    occurred_at: IsoTimeString.optional(),
    timestamp: IsoTimeString.optional(),
  })
  .superRefine((event, ctx) => {
    if (!event.title && !event.summary)
      ctx.addIssue({ code: "custom", path: ["title"], message: "is required (or summary)" });
  });
export type GenericEvent = z.infer<typeof GenericEvent>;

export const GENERIC_MAX_EVENTS = 1000;

// Without a dedup_key the same source + name + labels is the same alert, whatever order the labels came in.
export function genericFingerprint(source: string, name: string, labels: Record<string, string>): string {
  const sorted = Object.keys(labels)
    .sort()
    .map((k) => [k, labels[k]]);
  return createHash("sha256")
    .update(JSON.stringify([source, name, sorted]))
    .digest("hex");
}

function normalizeGeneric(event: GenericEvent, now: Date): NormalizedEvent {
  const title = (event.title || event.summary) as string;
  const alertname = clip(event.labels.alertname || title, 512);
  const action = event.action ?? (event.status === "resolved" ? "resolve" : "trigger");
  const occurredAt = toIsoTime(event.occurred_at ?? event.timestamp) ?? now.toISOString();
  const description = event.description ?? event.annotations.description ?? "";
  return {
    action,
    fingerprint: event.dedup_key ?? genericFingerprint(event.source ?? "", alertname, event.labels),
    groupKey: null,
    severity: toSeverity(event.severity ?? event.labels.severity),
    alertname,
    summary: clip(event.summary || title, 4096),
    description: clip(description, 16384),
    labels: event.labels,
    annotations: event.annotations,
    generatorUrl: null,
    links: event.links.map((l) => (typeof l === "string" ? { href: l } : l)),
    startsAt: action === "trigger" ? occurredAt : null,
    endsAt: action === "resolve" ? occurredAt : null,
    occurredAt,
    serviceHint: clip(event.service || event.labels.service, 512) || null,
  };
}

export function parseGeneric(body: unknown, now = new Date()): ParsedEvent[] {
  if (!Array.isArray(body))
    return [{ normalized: normalizeGeneric(parseBody(GenericEvent, body), now), payload: body }];
  // Count before validating so an oversized array is refused without checking every element.
  parseBody(
    z
      .array(z.unknown())
      .min(1, "expected at least one event")
      .max(GENERIC_MAX_EVENTS, `expected at most ${GENERIC_MAX_EVENTS} events`),
    body,
  );
  const parsed = parseBody(z.array(GenericEvent), body);
  return parsed.map((event, i) => ({ normalized: normalizeGeneric(event, now), payload: body[i] }));
}
