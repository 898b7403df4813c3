import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { type Priority, priorityEnum, tickets } from "./desk";
import { teams, users } from "./identity";

// On-call schedules: layers of rotations, the top layer with someone on call wins; overrides win over layers.
export const oncallSchedules = pgTable(
  "oncall_schedules",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    timeZone: text("time_zone").notNull(),
    teamId: uuid("team_id").references(() => teams.id, { onDelete: "set null" }),
    // sha256 of the secret iCal feed token; null until one is issued.
    feedTokenHash: text("feed_token_hash"),
    version: integer("version").notNull().default(1),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("oncall_schedules_name_idx").on(sql`lower(${t.name})`),
    uniqueIndex("oncall_schedules_feed_token_hash_idx").on(t.feedTokenHash),
  ],
);
export type OncallSchedule = typeof oncallSchedules.$inferSelect;

export const ROTATION_KINDS = ["daily", "weekly", "custom"] as const;
export type RotationKind = (typeof ROTATION_KINDS)[number];
export const rotationKindEnum = pgEnum("rotation_kind", ROTATION_KINDS);

// ISO weekday (1 = Monday … 7 = Sunday) and wall-clock times in the schedule's zone; "24:00" ends a day.
export type LayerRestriction = { day: number; start: string; end: string };

export const oncallLayers = pgTable(
  "oncall_layers",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    scheduleId: uuid("schedule_id")
      .notNull()
      .references(() => oncallSchedules.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    // Higher positions sit on top.
    position: integer("position").notNull().default(0),
    rotationKind: rotationKindEnum("rotation_kind").notNull().default("weekly"),
    // Hours per shift for a custom rotation; daily is 24 and weekly 168, both in wall-clock time.
    shiftHours: integer("shift_hours").notNull().default(168),
    // The first hand-off, a wall-clock date and time in the schedule's zone ("2026-11-30T09:00").
    startsAt: text("starts_at").notNull(),
    endsAt: text("ends_at"),
    // Empty means around the clock; otherwise the layer is on call only inside these windows.
    restrictions: jsonb("restrictions").$type<LayerRestriction[]>().notNull().default([]),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("oncall_layers_schedule_id_idx").on(t.scheduleId),
    check("oncall_layers_shift_hours_check", sql`${t.shiftHours} >= 1`),
  ],
);
export type OncallLayer = typeof oncallLayers.$inferSelect;

export const oncallLayerMembers = pgTable(
  "oncall_layer_members",
  {
    layerId: uuid("layer_id")
      .notNull()
      .references(() => oncallLayers.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.layerId, t.position] }), index("oncall_layer_members_user_id_idx").on(t.userId)],
);
export type OncallLayerMember = typeof oncallLayerMembers.$inferSelect;

export const oncallOverrides = pgTable(
  "oncall_overrides",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    scheduleId: uuid("schedule_id")
      .notNull()
      .references(() => oncallSchedules.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    startsAt: timestamp("starts_at", { withTimezone: true }).notNull(),
    endsAt: timestamp("ends_at", { withTimezone: true }).notNull(),
    note: text("note").notNull().default(""),
    createdById: uuid("created_by_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("oncall_overrides_schedule_id_ends_at_idx").on(t.scheduleId, t.endsAt),
    check("oncall_overrides_period_check", sql`${t.endsAt} > ${t.startsAt}`),
  ],
);
export type OncallOverride = typeof oncallOverrides.$inferSelect;

export const ESCALATION_TARGET_KINDS = ["schedule", "user", "team", "webhook"] as const;
export type EscalationTargetKind = (typeof ESCALATION_TARGET_KINDS)[number];
export type EscalationTarget = { kind: EscalationTargetKind; id: string };

export const escalationPolicies = pgTable(
  "escalation_policies",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    // How many more times the whole policy runs when nobody acknowledges.
    repeatCount: smallint("repeat_count").notNull().default(0),
    repeatAfterMinutes: integer("repeat_after_minutes").notNull().default(30),
    // An acknowledged incident not resolved within this many minutes pages again; null never.
    ackTimeoutMinutes: integer("ack_timeout_minutes"),
    // The policy for incidents nothing else routes; at most one.
    isDefault: boolean("is_default").notNull().default(false),
    version: integer("version").notNull().default(1),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("escalation_policies_name_idx").on(sql`lower(${t.name})`),
    uniqueIndex("escalation_policies_is_default_idx").on(t.isDefault).where(sql`${t.isDefault}`),
    check("escalation_policies_repeat_count_check", sql`${t.repeatCount} between 0 and 9`),
  ],
);
export type EscalationPolicy = typeof escalationPolicies.$inferSelect;

export const escalationSteps = pgTable(
  "escalation_steps",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    policyId: uuid("policy_id")
      .notNull()
      .references(() => escalationPolicies.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    // Minutes after the previous step (the first step: after the incident opens) without acknowledgement.
    delayMinutes: integer("delay_minutes").notNull().default(0),
    targets: jsonb("targets").$type<EscalationTarget[]>().notNull(),
  },
  (t) => [uniqueIndex("escalation_steps_policy_id_position_idx").on(t.policyId, t.position)],
);
export type EscalationStep = typeof escalationSteps.$inferSelect;

// Which policy applies: the service's, else its ticket team's, else the default. Links live here, not on services/teams.
export const escalationPolicyLinks = pgTable(
  "escalation_policy_links",
  {
    policyId: uuid("policy_id")
      .notNull()
      .references(() => escalationPolicies.id, { onDelete: "cascade" }),
    // "service" or "team"
    subjectType: text("subject_type").notNull(),
    subjectId: uuid("subject_id").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.subjectType, t.subjectId] }),
    index("escalation_policy_links_policy_id_idx").on(t.policyId),
  ],
);
export type EscalationPolicyLink = typeof escalationPolicyLinks.$inferSelect;

export const ESCALATION_STATES = ["active", "acknowledged", "exhausted", "stopped"] as const;
export type EscalationState = (typeof ESCALATION_STATES)[number];
export const escalationStateEnum = pgEnum("escalation_state", ESCALATION_STATES);

// One per incident: where it is in its policy and when the next step (or the ack timeout) is due.
export const incidentEscalations = pgTable(
  "incident_escalations",
  {
    ticketId: uuid("ticket_id")
      .primaryKey()
      .references(() => tickets.id, { onDelete: "cascade" }),
    policyId: uuid("policy_id").references(() => escalationPolicies.id, { onDelete: "set null" }),
    state: escalationStateEnum("state").notNull().default("active"),
    // Bumped whenever the escalation restarts (reopen, ack timeout), so job ids and delivery keys stay unique.
    generation: integer("generation").notNull().default(1),
    round: smallint("round").notNull().default(0),
    nextStep: smallint("next_step").notNull().default(0),
    nextAt: timestamp("next_at", { withTimezone: true }),
    acknowledgedById: uuid("acknowledged_by_id").references(() => users.id, { onDelete: "set null" }),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("incident_escalations_next_at_idx").on(t.nextAt).where(sql`${t.nextAt} is not null`)],
);
export type IncidentEscalation = typeof incidentEscalations.$inferSelect;

export const NOTIFICATION_CHANNELS = ["email", "push", "webhook"] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];
export const notificationChannelEnum = pgEnum("notification_channel", NOTIFICATION_CHANNELS);

// Per user: which channel, how long after being paged, for which priorities (empty = all).
export const notificationRules = pgTable(
  "notification_rules",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    channel: notificationChannelEnum("channel").notNull(),
    delayMinutes: integer("delay_minutes").notNull().default(0),
    priorities: priorityEnum("priorities").array().notNull().default(sql`'{}'`).$type<Priority[]>(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("notification_rules_user_id_idx").on(t.userId),
    check("notification_rules_channel_check", sql`${t.channel} in ('email', 'push')`),
    check("notification_rules_delay_check", sql`${t.delayMinutes} between 0 and 1440`),
  ],
);
export type NotificationRule = typeof notificationRules.$inferSelect;

export const pushSubscriptions = pgTable(
  "push_subscriptions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    endpoint: text("endpoint").notNull(),
    p256dh: text("p256dh").notNull(),
    auth: text("auth").notNull(),
    label: text("label").notNull().default(""),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    lastSuccessAt: timestamp("last_success_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("push_subscriptions_endpoint_idx").on(t.endpoint),
    index("push_subscriptions_user_id_idx").on(t.userId),
  ],
);
export type PushSubscription = typeof pushSubscriptions.$inferSelect;

export const WEBHOOK_FORMATS = ["json", "slack"] as const;
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];
export const webhookFormatEnum = pgEnum("webhook_format", WEBHOOK_FORMATS);

export const outboundWebhooks = pgTable(
  "outbound_webhooks",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    url: text("url").notNull(),
    format: webhookFormatEnum("format").notNull().default("json"),
    isActive: boolean("is_active").notNull().default(true),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("outbound_webhooks_name_idx").on(sql`lower(${t.name})`)],
);
export type OutboundWebhook = typeof outboundWebhooks.$inferSelect;

export const DELIVERY_STATUSES = ["pending", "sent", "failed", "skipped"] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];
export const deliveryStatusEnum = pgEnum("delivery_status", DELIVERY_STATUSES);

// Every message handed (or meant to be handed) to a channel; pending ones are retried with backoff until due_at + attempts run out.
export const notificationDeliveries = pgTable(
  "notification_deliveries",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    ticketId: uuid("ticket_id")
      .notNull()
      .references(() => tickets.id, { onDelete: "cascade" }),
    userId: uuid("user_id").references(() => users.id, { onDelete: "set null" }),
    channel: notificationChannelEnum("channel").notNull(),
    // An email address, a push subscription id or a webhook id.
    target: text("target").notNull(),
    // Why: "page" (an escalation step), "ack_timeout", "test" …
    reason: text("reason").notNull(),
    // Deterministic, so a step processed twice pages nobody twice.
    dedupeKey: text("dedupe_key").notNull(),
    status: deliveryStatusEnum("status").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    dueAt: timestamp("due_at", { withTimezone: true }).notNull().defaultNow(),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }),
    sentAt: timestamp("sent_at", { withTimezone: true }),
    lastError: text("last_error"),
    data: jsonb("data").$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("notification_deliveries_dedupe_key_idx").on(t.dedupeKey),
    index("notification_deliveries_ticket_id_idx").on(t.ticketId),
    index("notification_deliveries_user_id_created_at_idx").on(t.userId, t.createdAt),
    index("notification_deliveries_next_attempt_at_idx").on(t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
  ],
);
export type NotificationDelivery = typeof notificationDeliveries.$inferSelect;

export const LINK_ACTIONS = ["acknowledge", "resolve"] as const;
export type LinkAction = (typeof LINK_ACTIONS)[number];
export const linkActionEnum = pgEnum("link_action", LINK_ACTIONS);

// One-tap links: the token carries this id and an HMAC over (id, user, ticket, action, expiry); used_at makes it single use.
export const actionLinks = pgTable(
  "action_links",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    ticketId: uuid("ticket_id")
      .notNull()
      .references(() => tickets.id, { onDelete: "cascade" }),
    action: linkActionEnum("action").notNull(),
    deliveryId: uuid("delivery_id").references(() => notificationDeliveries.id, { onDelete: "set null" }),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("action_links_expires_at_idx").on(t.expiresAt),
    // Every email or push delivery looks up the link it made before (deliveryActionLink), and deleting a delivery
    // sets its links' delivery_id to null.
    index("action_links_delivery_id_idx").on(t.deliveryId),
  ],
);
export type ActionLink = typeof actionLinks.$inferSelect;
