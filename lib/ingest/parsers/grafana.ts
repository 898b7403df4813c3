import { z } from "zod";
import type { NormalizedEvent } from "@/lib/ingest/normalized";
import { AlertmanagerAlert, normalizeAlertmanagerAlert } from "./alertmanager";
import { type ParsedEvent, parseBody, StringMap } from "./common";

const OptionalUrl = z.string().max(4096).optional();

export const GrafanaAlert = AlertmanagerAlert.extend({
  silenceURL: OptionalUrl,
  dashboardURL: OptionalUrl,
  panelURL: OptionalUrl,
  imageURL: OptionalUrl,
  values: z.record(z.string(), z.unknown()).nullish(),
  valueString: z.string().max(16384).optional(),
});
export type GrafanaAlert = z.infer<typeof GrafanaAlert>;

export const GrafanaWebhook = z.object({
  receiver: z.string().max(1024).default(""),
  status: z.enum(["firing", "resolved"]),
  orgId: z.number().int().optional(),
  groupKey: z.string().max(2048).optional(),
  groupLabels: StringMap.default({}),
  commonLabels: StringMap.default({}),
  commonAnnotations: StringMap.default({}),
  externalURL: z.string().max(4096).default(""),
  version: z.string().max(16).optional(),
  truncatedAlerts: z.number().int().min(0).default(0),
  title: z.string().max(4096).optional(),
  state: z.string().max(64).optional(),
  message: z.string().max(65536).optional(),
  alerts: z.array(GrafanaAlert).min(1).max(10_000),
});
export type GrafanaWebhook = z.infer<typeof GrafanaWebhook>;

function grafanaLinks(alert: GrafanaAlert): NormalizedEvent["links"] {
  const links: NormalizedEvent["links"] = [];
  if (alert.dashboardURL) links.push({ href: alert.dashboardURL, text: "dashboard" });
  if (alert.panelURL) links.push({ href: alert.panelURL, text: "panel" });
  if (alert.silenceURL) links.push({ href: alert.silenceURL, text: "silence" });
  return links;
}

export function parseGrafana(body: unknown): ParsedEvent[] {
  const webhook = parseBody(GrafanaWebhook, body);
  const { alerts, message: _message, ...group } = webhook;
  return alerts.map((alert) => ({
    normalized: normalizeAlertmanagerAlert(alert, webhook.groupKey || null, grafanaLinks(alert)),
    payload: { ...group, alert },
  }));
}
