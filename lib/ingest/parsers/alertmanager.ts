import { z } from "zod";
import type { NormalizedEvent } from "@/lib/ingest/normalized";
import {
  clip,
  IsoTimeString,
  type ParsedEvent,
  parseBody,
  StringMap,
  toIsoTime,
  toSeverity,
  urlOrNull,
} from "./common";

export const AlertmanagerAlert = z.object({
  status: z.enum(["firing", "resolved"]),
  labels: StringMap,
  annotations: StringMap.default({}),
  startsAt: IsoTimeString.optional(),
  endsAt: IsoTimeString.optional(),
  generatorURL: z.string().max(4096).optional(),
  fingerprint: z.string().min(1).max(512),
});
export type AlertmanagerAlert = z.infer<typeof AlertmanagerAlert>;

export const AlertmanagerWebhook = z.object({
  version: z.literal("4"),
  groupKey: z.string().max(2048),
  truncatedAlerts: z.number().int().min(0).default(0),
  status: z.enum(["firing", "resolved"]),
  receiver: z.string().max(1024).default(""),
  groupLabels: StringMap.default({}),
  commonLabels: StringMap.default({}),
  commonAnnotations: StringMap.default({}),
  externalURL: z.string().max(4096).default(""),
  alerts: z.array(AlertmanagerAlert).min(1).max(10_000),
});
export type AlertmanagerWebhook = z.infer<typeof AlertmanagerWebhook>;

type AlertLike = Omit<AlertmanagerAlert, "fingerprint"> & { fingerprint: string };

// The shared Alertmanager-shaped mapping; Grafana's unified alerting payload reuses it.
export function normalizeAlertmanagerAlert(
  alert: AlertLike,
  groupKey: string | null,
  extraLinks: NormalizedEvent["links"] = [],
  now = new Date(),
): NormalizedEvent {
  const startsAt = toIsoTime(alert.startsAt);
  const endsAt = toIsoTime(alert.endsAt);
  const isResolved = alert.status === "resolved";
  const alertname = clip(alert.labels.alertname, 512);
  const links = [...extraLinks];
  if (alert.annotations.runbook_url)
    links.unshift({ href: clip(alert.annotations.runbook_url, 4096), text: "runbook" });
  return {
    action: isResolved ? "resolve" : "trigger",
    fingerprint: alert.fingerprint,
    groupKey,
    severity: toSeverity(alert.labels.severity),
    alertname,
    summary: clip(alert.annotations.summary || alert.annotations.description || alertname, 4096),
    description: clip(alert.annotations.description, 16384),
    labels: alert.labels,
    annotations: alert.annotations,
    generatorUrl: urlOrNull(alert.generatorURL),
    links: links.slice(0, 50),
    startsAt,
    endsAt,
    occurredAt: (isResolved ? (endsAt ?? now.toISOString()) : (startsAt ?? now.toISOString())) as string,
    serviceHint: alert.labels.service ? clip(alert.labels.service, 512) : null,
  };
}

export function parseAlertmanager(body: unknown): ParsedEvent[] {
  const webhook = parseBody(AlertmanagerWebhook, body);
  const { alerts, ...group } = webhook;
  return alerts.map((alert) => ({
    normalized: normalizeAlertmanagerAlert(alert, webhook.groupKey),
    payload: { ...group, alert },
  }));
}
