import { z } from "zod";
import { EVENT_ACTIONS, SEVERITIES } from "@/db/schema";

// The common shape every sender's alert is parsed into at accept time; stored as events.normalized for the engine.
export const NormalizedEvent = z.object({
  action: z.enum(EVENT_ACTIONS),
  fingerprint: z.string().min(1).max(512),
  // The sender's own grouping (Alertmanager groupKey, Grafana groupKey); null lets the engine's rule group it.
  groupKey: z.string().max(2048).nullable(),
  severity: z.enum(SEVERITIES),
  alertname: z.string().max(512),
  summary: z.string().max(4096),
  description: z.string().max(16384),
  labels: z.record(z.string(), z.string()),
  annotations: z.record(z.string(), z.string()),
  generatorUrl: z.string().max(4096).nullable(),
  links: z.array(z.object({ href: z.string().max(4096), text: z.string().max(512).optional() })).max(50),
  startsAt: z.iso.datetime({ offset: true }).nullable(),
  endsAt: z.iso.datetime({ offset: true }).nullable(),
  occurredAt: z.iso.datetime({ offset: true }),
  serviceHint: z.string().max(512).nullable(),
});
export type NormalizedEvent = z.infer<typeof NormalizedEvent>;
