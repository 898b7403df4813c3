import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  bigint,
  bigserial,
  boolean,
  check,
  customType,
  index,
  integer,
  jsonb,
  pgEnum,
  pgSequence,
  pgTable,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { actorTypeEnum } from "./audit";
import { assets, services } from "./catalog";
import { teams, users } from "./identity";
import { integrations } from "./monitoring";
import { requestTypes } from "./requests";

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => "bytea" });

export const TICKET_TYPES = ["incident", "service_request"] as const;
export type TicketType = (typeof TICKET_TYPES)[number];
export const ticketTypeEnum = pgEnum("ticket_type", TICKET_TYPES);

export const TICKET_STATUSES = [
  "new",
  "acknowledged",
  "in_progress",
  "pending",
  "resolved",
  "closed",
  "cancelled",
] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];
export const ticketStatusEnum = pgEnum("ticket_status", TICKET_STATUSES);

export const PRIORITIES = ["P1", "P2", "P3", "P4", "P5"] as const;
export type Priority = (typeof PRIORITIES)[number];
export const priorityEnum = pgEnum("priority", PRIORITIES);

export const ACTIVITY_KINDS = [
  "created",
  "comment",
  "status_change",
  "field_change",
  "assignment",
  "alert_linked",
  "alert_status",
  "sla_mark",
  "notification",
  "link",
  "attachment",
] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];
export const activityKindEnum = pgEnum("activity_kind", ACTIVITY_KINDS);

export const RESOLUTION_CODES = [
  "fixed",
  "workaround",
  "no_fault_found",
  "user_education",
  "duplicate",
  "rejected",
] as const;
export type ResolutionCode = (typeof RESOLUTION_CODES)[number];
export const resolutionCodeEnum = pgEnum("resolution_code", RESOLUTION_CODES);

export const VISIBILITIES = ["public", "internal"] as const;
export const visibilityEnum = pgEnum("visibility", VISIBILITIES);

export const incidentNumberSeq = pgSequence("incident_number_seq", { startWith: 1 });
export const requestNumberSeq = pgSequence("request_number_seq", { startWith: 1 });

export const tickets = pgTable(
  "tickets",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    number: text("number").notNull(),
    type: ticketTypeEnum("type").notNull(),
    title: text("title").notNull(),
    description: text("description").notNull().default(""),
    status: ticketStatusEnum("status").notNull().default("new"),
    impact: smallint("impact").notNull().default(2),
    urgency: smallint("urgency").notNull().default(2),
    priority: priorityEnum("priority").notNull().default("P3"),
    serviceId: uuid("service_id").references(() => services.id, { onDelete: "set null" }),
    assetId: uuid("asset_id").references(() => assets.id, { onDelete: "set null" }),
    teamId: uuid("team_id").references(() => teams.id, { onDelete: "set null" }),
    assigneeId: uuid("assignee_id").references(() => users.id, { onDelete: "set null" }),
    requesterId: uuid("requester_id").references(() => users.id, { onDelete: "set null" }),
    requestTypeId: uuid("request_type_id").references(() => requestTypes.id, { onDelete: "set null" }),
    requestFields: jsonb("request_fields").$type<Record<string, string | number | boolean>>().notNull().default({}),
    isMajor: boolean("is_major").notNull().default(false),
    pendingReason: text("pending_reason"),
    resolutionCode: resolutionCodeEnum("resolution_code"),
    resolutionNote: text("resolution_note"),
    parentId: uuid("parent_id").references((): AnyPgColumn => tickets.id, { onDelete: "set null" }),
    duplicateOfId: uuid("duplicate_of_id").references((): AnyPgColumn => tickets.id, { onDelete: "set null" }),
    watcherIds: uuid("watcher_ids").array().notNull().default(sql`'{}'::uuid[]`),
    version: integer("version").notNull().default(1),
    groupKey: text("group_key"),
    integrationId: uuid("integration_id").references((): AnyPgColumn => integrations.id, { onDelete: "set null" }),
    alertCount: integer("alert_count").notNull().default(0),
    firingAlertCount: integer("firing_alert_count").notNull().default(0),
    flapCount: integer("flap_count").notNull().default(0),
    firstEventAt: timestamp("first_event_at", { withTimezone: true }),
    reopenedAt: timestamp("reopened_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    acknowledgedAt: timestamp("acknowledged_at", { withTimezone: true }),
    resolvedAt: timestamp("resolved_at", { withTimezone: true }),
    closedAt: timestamp("closed_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("tickets_number_idx").on(t.number),
    index("tickets_status_created_at_idx").on(t.status, t.createdAt.desc()),
    index("tickets_team_id_status_idx").on(t.teamId, t.status),
    index("tickets_assignee_id_status_idx").on(t.assigneeId, t.status),
    index("tickets_service_id_idx").on(t.serviceId),
    uniqueIndex("tickets_open_group_key_idx")
      .on(t.groupKey)
      .where(sql`${t.groupKey} is not null and ${t.status} in ('new', 'acknowledged', 'in_progress', 'pending')`),
    index("tickets_group_key_resolved_at_idx").on(t.groupKey, t.resolvedAt.desc()),
    index("tickets_type_status_created_at_idx").on(t.type, t.status, t.createdAt.desc(), t.id.desc()),
    index("tickets_open_created_at_idx")
      .on(t.createdAt.desc(), t.id.desc())
      .where(sql`${t.status} in ('new', 'acknowledged', 'in_progress', 'pending')`),
    index("tickets_assignee_id_open_created_at_idx")
      .on(t.assigneeId, t.createdAt.desc(), t.id.desc())
      .where(sql`${t.status} in ('new', 'acknowledged', 'in_progress', 'pending')`),
    index("tickets_unassigned_open_created_at_idx")
      .on(t.createdAt.desc(), t.id.desc())
      .where(sql`${t.assigneeId} is null and ${t.status} in ('new', 'acknowledged', 'in_progress', 'pending')`),
    index("tickets_team_id_open_created_at_idx")
      .on(t.teamId, t.createdAt.desc(), t.id.desc())
      .where(sql`${t.status} in ('new', 'acknowledged', 'in_progress', 'pending')`),
    index("tickets_resolved_at_idx")
      .on(t.resolvedAt.desc(), t.id.desc())
      .where(sql`${t.status} in ('resolved', 'closed')`),
    index("tickets_created_at_idx").on(t.createdAt.desc(), t.id.desc()),
    index("tickets_updated_at_idx").on(t.updatedAt.desc(), t.id.desc()),
    index("tickets_priority_created_at_idx").on(t.priority.asc().nullsFirst(), t.createdAt.desc(), t.id.desc()),
    index("tickets_requester_id_created_at_idx").on(t.requesterId, t.createdAt.desc()),
    index("tickets_parent_id_idx").on(t.parentId).where(sql`${t.parentId} is not null`),
    index("tickets_duplicate_of_id_idx").on(t.duplicateOfId).where(sql`${t.duplicateOfId} is not null`),
    // The SLA report's backlog: open tickets read from the index alone, and closed ones by the span they were open
    // (lib/sla/report.ts repeats both predicates and the span expression).
    index("tickets_open_created_at_covering_idx")
      .on(t.createdAt, t.teamId, t.serviceId, t.assigneeId, t.priority, t.type)
      .where(sql`${t.status} in ('new', 'acknowledged', 'in_progress', 'pending')`),
    index("tickets_closed_span_idx")
      .using(
        "gist",
        sql`tstzrange(${t.createdAt}, greatest(${t.createdAt}, coalesce(${t.resolvedAt}, ${t.closedAt}, ${t.updatedAt})), '[)')`,
      )
      .where(sql`${t.status} not in ('new', 'acknowledged', 'in_progress', 'pending')`),
    // The SLA report's period scan, covering the ticket columns it groups and filters by.
    index("tickets_created_at_covering_idx").on(
      t.createdAt,
      t.id,
      t.teamId,
      t.serviceId,
      t.assigneeId,
      t.priority,
      t.type,
      t.firstEventAt,
    ),
    index("tickets_late_event_created_at_idx")
      .on(t.createdAt)
      .where(sql`${t.createdAt} - ${t.firstEventAt} > interval '1 day'`),
    index("tickets_search_idx").using(
      "gin",
      sql`wd_search_vector(${t.number} || ' ' || ${t.title} || ' ' || ${t.description})`,
    ),
    check("tickets_impact_check", sql`${t.impact} between 1 and 3`),
    check("tickets_urgency_check", sql`${t.urgency} between 1 and 3`),
  ],
);
export type Ticket = typeof tickets.$inferSelect;

export const ticketActivities = pgTable(
  "ticket_activities",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    ticketId: uuid("ticket_id")
      .notNull()
      .references(() => tickets.id, { onDelete: "cascade" }),
    kind: activityKindEnum("kind").notNull(),
    visibility: visibilityEnum("visibility").notNull().default("public"),
    actorType: actorTypeEnum("actor_type").notNull(),
    actorId: uuid("actor_id"),
    body: text("body").notNull().default(""),
    data: jsonb("data").notNull().default({}),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("ticket_activities_ticket_id_created_at_idx").on(t.ticketId, t.createdAt),
    index("ticket_activities_comment_search_idx")
      .using("gin", sql`wd_search_vector(${t.body})`)
      .where(sql`${t.kind} = 'comment'`),
  ],
);
export type TicketActivity = typeof ticketActivities.$inferSelect;

export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;

// Kept in Postgres (bytea) so one backup holds everything; the size check keeps rows reasonable.
export const ticketAttachments = pgTable(
  "ticket_attachments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    ticketId: uuid("ticket_id")
      .notNull()
      .references(() => tickets.id, { onDelete: "cascade" }),
    activityId: bigint("activity_id", { mode: "number" }).references(() => ticketActivities.id, {
      onDelete: "set null",
    }),
    filename: text("filename").notNull(),
    contentType: text("content_type").notNull(),
    sizeBytes: integer("size_bytes").notNull(),
    sha256: text("sha256").notNull(),
    data: bytea("data").notNull(),
    uploadedById: uuid("uploaded_by_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("ticket_attachments_ticket_id_idx").on(t.ticketId),
    check("ticket_attachments_size_check", sql`${t.sizeBytes} between 1 and ${sql.raw(String(ATTACHMENT_MAX_BYTES))}`),
  ],
);
export type TicketAttachment = typeof ticketAttachments.$inferSelect;

export type SavedViewQuery = Record<string, string>;

export const savedViews = pgTable(
  "saved_views",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    query: jsonb("query").$type<SavedViewQuery>().notNull().default({}),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("saved_views_user_id_name_idx").on(t.userId, sql`lower(${t.name})`)],
);
export type SavedView = typeof savedViews.$inferSelect;
