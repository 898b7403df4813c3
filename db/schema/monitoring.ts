import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { services } from "./catalog";
import { tickets } from "./desk";
import { teams, users } from "./identity";

export const INTEGRATION_KINDS = ["alertmanager", "grafana", "pagerduty", "generic"] as const;
export type IntegrationKind = (typeof INTEGRATION_KINDS)[number];
export const integrationKindEnum = pgEnum("integration_kind", INTEGRATION_KINDS);

export const ALERT_STATUSES = ["firing", "resolved"] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];
export const alertStatusEnum = pgEnum("alert_status", ALERT_STATUSES);

// What one event asks for: PagerDuty's acknowledge is an event action, not an alert state.
export const EVENT_ACTIONS = ["trigger", "resolve", "acknowledge"] as const;
export type EventAction = (typeof EVENT_ACTIONS)[number];
export const eventActionEnum = pgEnum("event_action", EVENT_ACTIONS);

export const SEVERITIES = ["critical", "error", "warning", "info"] as const;
export type Severity = (typeof SEVERITIES)[number];
export const severityEnum = pgEnum("severity", SEVERITIES);

export type LabelMatcher = { name: string; op: "=" | "!=" | "=~" | "!~"; value: string };

export const integrations = pgTable(
  "integrations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    kind: integrationKindEnum("kind").notNull(),
    keyHash: text("key_hash").notNull(),
    keyPrefix: text("key_prefix").notNull(),
    serviceId: uuid("service_id").references(() => services.id, { onDelete: "set null" }),
    teamId: uuid("team_id").references(() => teams.id, { onDelete: "set null" }),
    isEnabled: boolean("is_enabled").notNull().default(true),
    rateLimitPerMinute: integer("rate_limit_per_minute").notNull().default(6000),
    createdById: uuid("created_by_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    keyRotatedAt: timestamp("key_rotated_at", { withTimezone: true }),
    lastEventAt: timestamp("last_event_at", { withTimezone: true }),
    errorCount: integer("error_count").notNull().default(0),
    lastError: text("last_error"),
    lastErrorAt: timestamp("last_error_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("integrations_key_hash_idx").on(t.keyHash),
    uniqueIndex("integrations_name_idx").on(sql`lower(${t.name})`),
  ],
);
export type Integration = typeof integrations.$inferSelect;

// The append-only inbox: one row per alert in an accepted payload, written before the sender gets its 2xx.
export const events = pgTable(
  "events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    integrationId: uuid("integration_id")
      .notNull()
      .references(() => integrations.id, { onDelete: "restrict" }),
    requestId: uuid("request_id").notNull(),
    kind: integrationKindEnum("kind").notNull(),
    action: eventActionEnum("action").notNull(),
    fingerprint: text("fingerprint").notNull(),
    payload: jsonb("payload").notNull(),
    normalized: jsonb("normalized").notNull(),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
    processedAt: timestamp("processed_at", { withTimezone: true }),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    alertId: uuid("alert_id"),
    // The engine's ordering partition (sender group, else alertname); indexed so a job finds its backlog without a scan.
    partitionKey: text("partition_key").generatedAlwaysAs(
      sql`case when nullif(normalized->>'groupKey', '') is not null then 'g:' || integration_id::text || ':' || (normalized->>'groupKey') else 'a:' || coalesce(normalized->>'alertname', '') end`,
    ),
  },
  (t) => [
    index("events_unprocessed_idx").on(t.id).where(sql`${t.processedAt} is null`),
    index("events_partition_key_id_idx").on(t.partitionKey, t.id).where(sql`${t.processedAt} is null`),
    index("events_integration_id_id_idx").on(t.integrationId, t.id.desc()),
    index("events_integration_id_fingerprint_id_idx").on(t.integrationId, t.fingerprint, t.id),
    index("events_alert_id_idx").on(t.alertId),
  ],
);
export type EventRow = typeof events.$inferSelect;

export const alerts = pgTable(
  "alerts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    integrationId: uuid("integration_id")
      .notNull()
      .references(() => integrations.id, { onDelete: "restrict" }),
    fingerprint: text("fingerprint").notNull(),
    status: alertStatusEnum("status").notNull(),
    severity: severityEnum("severity").notNull().default("warning"),
    alertname: text("alertname").notNull().default(""),
    summary: text("summary").notNull().default(""),
    description: text("description").notNull().default(""),
    labels: jsonb("labels").$type<Record<string, string>>().notNull().default({}),
    annotations: jsonb("annotations").$type<Record<string, string>>().notNull().default({}),
    generatorUrl: text("generator_url"),
    links: jsonb("links").$type<{ href: string; text?: string }[]>().notNull().default([]),
    groupKey: text("group_key").notNull(),
    serviceId: uuid("service_id").references(() => services.id, { onDelete: "set null" }),
    teamId: uuid("team_id").references(() => teams.id, { onDelete: "set null" }),
    incidentId: uuid("incident_id").references(() => tickets.id, { onDelete: "set null" }),
    isSuppressed: boolean("is_suppressed").notNull().default(false),
    suppressedBy: jsonb("suppressed_by").$type<{ type: "silence" | "maintenance"; id: string } | null>(),
    eventCount: integer("event_count").notNull().default(0),
    firstSeenAt: timestamp("first_seen_at", { withTimezone: true }).notNull(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull(),
    startsAt: timestamp("starts_at", { withTimezone: true }),
    endsAt: timestamp("ends_at", { withTimezone: true }),
    resolvedAt: timestamp("resolved_at", { withTimezone: true }),
    lastEventId: bigint("last_event_id", { mode: "number" }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("alerts_integration_id_fingerprint_idx").on(t.integrationId, t.fingerprint),
    index("alerts_incident_id_idx").on(t.incidentId),
    index("alerts_status_last_seen_at_idx").on(t.status, t.lastSeenAt.desc()),
    index("alerts_labels_idx").using("gin", t.labels),
  ],
);
export type Alert = typeof alerts.$inferSelect;

export const silences = pgTable(
  "silences",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    matchers: jsonb("matchers").$type<LabelMatcher[]>().notNull(),
    startsAt: timestamp("starts_at", { withTimezone: true }).notNull(),
    endsAt: timestamp("ends_at", { withTimezone: true }).notNull(),
    comment: text("comment").notNull().default(""),
    createdById: uuid("created_by_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    expiredAt: timestamp("expired_at", { withTimezone: true }),
  },
  (t) => [index("silences_ends_at_idx").on(t.endsAt)],
);
export type Silence = typeof silences.$inferSelect;

export const maintenanceWindows = pgTable(
  "maintenance_windows",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    serviceId: uuid("service_id").references(() => services.id, { onDelete: "cascade" }),
    matchers: jsonb("matchers").$type<LabelMatcher[]>().notNull().default([]),
    startsAt: timestamp("starts_at", { withTimezone: true }).notNull(),
    endsAt: timestamp("ends_at", { withTimezone: true }).notNull(),
    comment: text("comment").notNull().default(""),
    createdById: uuid("created_by_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    cancelledAt: timestamp("cancelled_at", { withTimezone: true }),
  },
  (t) => [index("maintenance_windows_ends_at_idx").on(t.endsAt)],
);
export type MaintenanceWindow = typeof maintenanceWindows.$inferSelect;

export const routingRules = pgTable(
  "routing_rules",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    position: integer("position").notNull(),
    name: text("name").notNull(),
    matchers: jsonb("matchers").$type<LabelMatcher[]>().notNull().default([]),
    ticketTypes: text("ticket_types").array().notNull().default(sql`'{}'::text[]`),
    categoryIds: uuid("category_ids").array().notNull().default(sql`'{}'::uuid[]`),
    matchServiceIds: uuid("match_service_ids").array().notNull().default(sql`'{}'::uuid[]`),
    priorities: text("priorities").array().notNull().default(sql`'{}'::text[]`),
    serviceId: uuid("service_id").references(() => services.id, { onDelete: "set null" }),
    teamId: uuid("team_id").references(() => teams.id, { onDelete: "set null" }),
    isEnabled: boolean("is_enabled").notNull().default(true),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("routing_rules_position_idx").on(t.position)],
);
export type RoutingRule = typeof routingRules.$inferSelect;
