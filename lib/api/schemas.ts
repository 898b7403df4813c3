import { z } from "zod";
import {
  ACTOR_TYPES,
  ALERT_STATUSES,
  LOCALES,
  PRIORITIES,
  RESOLUTION_CODES,
  ROLES,
  SEVERITIES,
  SLA_CLOCK_STATES,
  SLA_METRICS,
  TICKET_STATUSES,
  TICKET_TYPES,
  VISIBILITIES,
} from "@/db/schema";
import { ERROR_CODES } from "@/lib/errors";
import { REPORT_GROUPS } from "@/lib/sla/report";
import { AddComment, CreateTicket, UpdateTicket } from "@/lib/tickets/schemas";

// Request bodies: the verbs' own schemas, strict, so the OpenAPI document and validation are one thing.
export const CreateTicketBody = CreateTicket.strict();
export const UpdateTicketBody = UpdateTicket.omit({ number: true }).strict();
export const AddCommentBody = AddComment.omit({ number: true }).strict();

const Timestamp = z.iso.datetime({ offset: true });
const Id = z.uuid();
const NamedRef = z.strictObject({ id: Id, name: z.string().nullable() });

export const AlertResource = z.strictObject({
  fingerprint: z.string(),
  status: z.enum(ALERT_STATUSES),
  severity: z.enum(SEVERITIES),
  alertname: z.string(),
  summary: z.string(),
  labels: z.record(z.string(), z.string()),
  annotations: z.record(z.string(), z.string()),
  generatorUrl: z.string().nullable(),
  isSuppressed: z.boolean(),
  eventCount: z.int(),
  firstSeenAt: Timestamp,
  lastSeenAt: Timestamp,
  resolvedAt: Timestamp.nullable(),
});
export type AlertResource = z.output<typeof AlertResource>;

export const TicketResource = z.strictObject({
  number: z.string().meta({ examples: ["INC-000042"] }),
  type: z.enum(TICKET_TYPES),
  title: z.string(),
  description: z.string(),
  status: z.enum(TICKET_STATUSES),
  priority: z.enum(PRIORITIES),
  impact: z.int().min(1).max(3),
  urgency: z.int().min(1).max(3),
  isMajor: z.boolean(),
  version: z.int().min(1).describe("Send it back as `version` or `If-Match` to detect concurrent edits"),
  service: NamedRef.nullable(),
  asset: NamedRef.nullable(),
  team: NamedRef.nullable(),
  assignee: z.strictObject({ id: Id, name: z.string().nullable(), email: z.string().nullable() }).nullable(),
  requester: NamedRef.nullable(),
  requestType: NamedRef.nullable(),
  requestFields: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  pendingReason: z.string().nullable(),
  resolutionCode: z.enum(RESOLUTION_CODES).nullable(),
  resolutionNote: z.string().nullable(),
  parentNumber: z.string().nullable(),
  duplicateOfNumber: z.string().nullable(),
  watcherIds: z.array(Id),
  alertCount: z.int(),
  firingAlertCount: z.int(),
  flapCount: z.int(),
  alerts: z.array(AlertResource),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  acknowledgedAt: Timestamp.nullable(),
  resolvedAt: Timestamp.nullable(),
  closedAt: Timestamp.nullable(),
});
export type TicketResource = z.output<typeof TicketResource>;

export const AttachmentResource = z.strictObject({
  id: Id,
  filename: z.string(),
  contentType: z.string(),
  sizeBytes: z.int(),
});

export const CommentResource = z.strictObject({
  id: z.int(),
  visibility: z.enum(VISIBILITIES),
  body: z.string(),
  author: NamedRef.nullable(),
  actorType: z.enum(ACTOR_TYPES),
  createdAt: Timestamp,
  attachments: z.array(AttachmentResource),
});
export type CommentResource = z.output<typeof CommentResource>;

export const CommentCreated = z.strictObject({ id: z.int(), visibility: z.enum(VISIBILITIES), createdAt: Timestamp });

export const SearchHit = z.strictObject({
  number: z.string(),
  type: z.enum(TICKET_TYPES),
  title: z.string(),
  status: z.enum(TICKET_STATUSES),
  priority: z.enum(PRIORITIES),
  assigneeName: z.string().nullable(),
  createdAt: Timestamp,
});
export type SearchHit = z.output<typeof SearchHit>;

export const UserResource = z.strictObject({
  id: Id,
  email: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  locale: z.enum(LOCALES),
  timezone: z.string(),
  isActive: z.boolean(),
  lastLoginAt: Timestamp.nullable(),
  createdAt: Timestamp,
});

const Check = z.looseObject({ ok: z.boolean(), latencyMs: z.number().optional(), error: z.string().optional() });

export const HealthResource = z.strictObject({
  status: z.enum(["ok", "unavailable"]),
  down: z.array(z.string()),
  checks: z.strictObject({ web: Check, postgres: Check, redis: Check, workers: Check }),
});

export const IngestAccepted = z.strictObject({
  status: z.literal("accepted"),
  events: z.int().describe("How many events of the body were stored"),
  requestId: Id,
});

export const PagerDutyAccepted = z.strictObject({
  status: z.literal("success"),
  message: z.string(),
  dedup_key: z.string(),
});

export const PagerDutyRefused = z.strictObject({
  status: z.string().meta({ examples: ["invalid event"] }),
  message: z.string(),
  errors: z.array(z.string()),
});

export const TicketChange = z.strictObject({
  field: z.string(),
  from: z.unknown(),
  to: z.unknown(),
  by: z.string().optional(),
  at: Timestamp.optional(),
});

export const ErrorBody = z.strictObject({
  error: z.strictObject({
    code: z.enum([...ERROR_CODES, "internal"]),
    message: z.string().describe("Names the field or header at fault"),
    details: z
      .looseObject({
        fields: z.record(z.string(), z.array(z.string())).optional(),
        currentVersion: z.int().optional().describe("On a stale ticket update (409): the version now stored"),
        changes: z.array(TicketChange).optional().describe("On a stale ticket update (409): what others changed"),
      })
      .optional(),
  }),
});

const TargetMinutes = z.int().positive().nullable().describe("Minutes of the calendar's working time; null: no clock");
const PriorityTargets = z.strictObject({ response: TargetMinutes, resolution: TargetMinutes });

export const SlaPolicyResource = z.strictObject({
  id: Id,
  name: z.string(),
  order: z.int().describe("1 is evaluated first; the first active policy whose conditions all hold applies"),
  isActive: z.boolean(),
  conditions: z
    .strictObject({
      ticketTypes: z.array(z.enum(TICKET_TYPES)),
      priorities: z.array(z.enum(PRIORITIES)),
      serviceIds: z.array(Id),
      teamIds: z.array(Id),
    })
    .describe("Each list restricts the policy to tickets with one of its values; an empty list matches every ticket"),
  targets: z.strictObject({
    P1: PriorityTargets,
    P2: PriorityTargets,
    P3: PriorityTargets,
    P4: PriorityTargets,
    P5: PriorityTargets,
  }),
  calendar: z.strictObject({ id: Id, name: z.string(), timeZone: z.string() }),
  pauseStatuses: z.array(z.enum(TICKET_STATUSES)).describe("Statuses in which the clocks do not run"),
  warnPercent: z.int().min(1).max(99).describe("A warning is marked when this share of a target has elapsed"),
  version: z.int(),
  updatedAt: Timestamp,
});
export type SlaPolicyResource = z.output<typeof SlaPolicyResource>;

export const BusinessCalendarResource = z.strictObject({
  id: Id,
  name: z.string(),
  timeZone: z.string(),
  hours: z
    .array(
      z.strictObject({
        day: z.int().min(1).max(7).describe("ISO weekday: 1 Monday … 7 Sunday"),
        start: z.string().describe("HH:MM wall-clock time in the calendar's zone"),
        end: z.string().describe("HH:MM, after start; 24:00 ends the day"),
      }),
    )
    .describe("Working-hour ranges, sorted by day and start"),
  holidays: z.array(z.strictObject({ date: z.iso.date(), name: z.string() })),
  version: z.int(),
  updatedAt: Timestamp,
});
export type BusinessCalendarResource = z.output<typeof BusinessCalendarResource>;
const Percent = z
  .number()
  .min(0)
  .max(100)
  .nullable()
  .describe("met / (met + breached) × 100, one decimal; null when none decided");
const MeanSeconds = z.int().nullable().describe("Mean seconds over stopped clocks; null when none stopped");
const MetricFigures = z.strictObject({
  met: z.int(),
  breached: z.int(),
  inProgress: z.int().describe("Running or paused, not yet due"),
  compliance: Percent,
});
const MeanDuration = z.strictObject({
  business: MeanSeconds.describe("Business seconds (calendar hours, holidays and pauses excluded)"),
  wall: MeanSeconds.describe("Wall-clock seconds from the clock's start (first event for alert-born incidents)"),
});
const ReportFigures = z.strictObject({
  tickets: z.int(),
  breachedTickets: z.int().describe("Tickets with at least one breached clock"),
  response: MetricFigures,
  resolution: MetricFigures,
  mtta: MeanDuration,
  mttr: MeanDuration,
});
const Day = z.iso.date();
const BacklogRow = z.strictObject({
  key: z.string().nullable(),
  label: z.string().nullable(),
  total: z.int(),
  lt1d: z.int(),
  d1to3: z.int(),
  d3to7: z.int(),
  d7to30: z.int(),
  gte30d: z.int(),
});

export const SlaReportResource = z.strictObject({
  period: z.strictObject({
    from: Day,
    to: Day,
    timeZone: z.string(),
    start: Timestamp,
    end: Timestamp.describe("Exclusive: the start of the day after `to`"),
    groupBy: z.enum(REPORT_GROUPS),
  }),
  filters: z.strictObject({
    teamId: Id.nullable(),
    serviceId: Id.nullable(),
    priority: z.enum(PRIORITIES).nullable(),
    type: z.enum(TICKET_TYPES).nullable(),
  }),
  summary: ReportFigures,
  groups: z.array(
    ReportFigures.extend({
      key: z.string().nullable().describe("Team, service or user id, priority, or month (YYYY-MM); null for none"),
      label: z.string().nullable(),
    }),
  ),
  trend: z.array(ReportFigures.extend({ week: z.string().meta({ examples: ["2026-W41"] }), start: Day })),
  backlog: z.strictObject({
    at: Timestamp.describe("The end of the period, or now when the period reaches today"),
    rows: z.array(BacklogRow),
    total: BacklogRow,
  }),
  breached: z.strictObject({
    total: z.int(),
    offset: z.int(),
    limit: z.int(),
    rows: z.array(
      z.strictObject({
        number: z.string(),
        title: z.string(),
        priority: z.enum(PRIORITIES),
        teamId: Id.nullable(),
        teamName: z.string().nullable(),
        metric: z.enum(SLA_METRICS),
        state: z.enum(SLA_CLOCK_STATES),
        dueAt: Timestamp.nullable(),
        stoppedAt: Timestamp.nullable(),
        overdueSeconds: z.int().describe("Business seconds past due, to the stop or to now"),
      }),
    ),
  }),
});
