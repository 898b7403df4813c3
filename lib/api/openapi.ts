import { z } from "zod";
import { AlertmanagerWebhook } from "@/lib/ingest/parsers/alertmanager";
import { GENERIC_MAX_EVENTS, GenericEvent } from "@/lib/ingest/parsers/generic";
import { GrafanaWebhook } from "@/lib/ingest/parsers/grafana";
import { PagerDutyEvent, PagerDutyPayload } from "@/lib/ingest/parsers/pagerduty";
import { SlaReportInput } from "@/lib/sla/report";
import { ListTickets } from "@/lib/tickets/queries";
import { SearchTickets } from "@/lib/tickets/search";
import {
  AddCommentBody,
  AlertResource,
  AttachmentResource,
  BusinessCalendarResource,
  CommentCreated,
  CommentResource,
  CreateTicketBody,
  ErrorBody,
  HealthResource,
  IngestAccepted,
  PagerDutyAccepted,
  PagerDutyRefused,
  SearchHit,
  SlaPolicyResource,
  SlaReportResource,
  TicketChange,
  TicketResource,
  UpdateTicketBody,
  UserResource,
} from "./schemas";

type Json = Record<string, unknown>;

const componentUri = (id: string) => `#/components/schemas/${id}`;
const ref = (id: string) => ({ $ref: componentUri(id) });

const REQUEST_SCHEMAS: Record<string, z.ZodType> = {
  CreateTicket: CreateTicketBody,
  UpdateTicket: UpdateTicketBody,
  AddComment: AddCommentBody,
  AlertmanagerWebhook,
  GrafanaWebhook,
  PagerDutyEvent,
  PagerDutyPayload,
  GenericEvent,
  GenericEvents: z.union([GenericEvent, z.array(GenericEvent).min(1).max(GENERIC_MAX_EVENTS)]),
};

const RESPONSE_SCHEMAS: Record<string, z.ZodType> = {
  Ticket: TicketResource,
  Alert: AlertResource,
  Comment: CommentResource,
  CommentCreated,
  Attachment: AttachmentResource,
  SearchHit,
  UiSearchHit: SearchHit.pick({ number: true, title: true, status: true, priority: true }),
  User: UserResource,
  SlaPolicy: SlaPolicyResource,
  BusinessCalendar: BusinessCalendarResource,
  SlaReport: SlaReportResource,
  Health: HealthResource,
  IngestAccepted,
  PagerDutyAccepted,
  PagerDutyRefused,
  TicketChange,
  Error: ErrorBody,
};

// One registry per direction: request bodies as zod reads them (defaults optional), responses as the API writes them.
function components(io: "input" | "output", schemas: Record<string, z.ZodType>): Record<string, Json> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(schemas)) registry.add(schema, { id });
  const generated = z.toJSONSchema(registry, { io, uri: componentUri, unrepresentable: "any" }).schemas;
  return Object.fromEntries(
    Object.entries(generated).map(([id, { $schema: _s, $id: _i, ...schema }]) => [id, schema as Json]),
  );
}

function queryParameters(schema: z.ZodObject, descriptions: Record<string, string> = {}) {
  const json = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as {
    properties: Record<string, Json>;
    required?: string[];
  };
  return Object.entries(json.properties).map(([name, property]) => ({
    name,
    in: "query",
    required: json.required?.includes(name) ?? false,
    ...(descriptions[name] ? { description: descriptions[name] } : {}),
    schema: property,
  }));
}

const jsonContent = (schema: Json) => ({ "application/json": { schema } });
const dataOf = (schema: Json) => ({
  type: "object",
  properties: { data: schema },
  required: ["data"],
  additionalProperties: false,
});
const ok = (description: string, schema: Json, headers?: Json) => ({
  description,
  ...(headers ? { headers } : {}),
  content: jsonContent(schema),
});
const errors = (...codes: number[]) =>
  Object.fromEntries(codes.map((code) => [String(code), { $ref: `#/components/responses/E${code}` }]));

const ERROR_RESPONSES: Record<number, string> = {
  400: "Malformed JSON, an unknown field or a value that fails validation; `message` and `details.fields` name it",
  401: "Missing, unknown, revoked or expired credentials",
  403: "The token's role may not do this",
  404: "No such ticket (or not one of the requester's own)",
  409: "Stale `version`/`If-Match` (details: `currentVersion`, `changes`), a transition the state machine forbids, or a closed/cancelled ticket",
  413: "The body is larger than 1 MiB",
  415: "Content-Type is not application/json",
  429: "Over the integration's requests per minute; see Retry-After",
  503: "Postgres is unavailable; retry",
};

const numberParameter = {
  name: "number",
  in: "path",
  required: true,
  description: "Ticket number",
  schema: { type: "string", pattern: "^(INC|REQ)-\\d{1,12}$", examples: ["INC-000042"] },
};

const etagHeader = {
  ETag: { description: 'The ticket\'s version, quoted: `"3"`; send it back as If-Match', schema: { type: "string" } },
};

const ingestOperation = (summary: string, operationId: string, body: string, extra: Json = {}) => ({
  tags: ["ingestion"],
  summary,
  operationId,
  security: [{ integrationKey: [] }, { integrationKeyQuery: [] }],
  requestBody: { required: true, content: jsonContent(ref(body)) },
  responses: {
    "202": ok("Stored (one events row per alert) and queued", ref("IngestAccepted"), {
      "X-Request-Id": { schema: { type: "string", format: "uuid" } },
    }),
    ...errors(400, 401, 413, 415, 429, 503),
  },
  ...extra,
});

function buildDocument() {
  return {
    openapi: "3.1.0",
    info: {
      title: "Watchdesk API",
      version: "1",
      description:
        "IT service desk with integrated alerting. Errors are `{ error: { code, message, details? } }`; `message` names the field at fault.",
      license: { name: "AGPL-3.0-or-later", identifier: "AGPL-3.0-or-later" },
    },
    tags: [
      { name: "tickets", description: "Incidents and service requests" },
      { name: "people", description: "Users and the token's own user" },
      { name: "sla", description: "SLA policies and the business calendars they count time on" },
      { name: "reports", description: "SLA figures for managers" },
      { name: "ingestion", description: "Alert and event senders (integration keys)" },
      { name: "operations", description: "Health and this document" },
      { name: "ui", description: "Endpoints the web UI calls with its sign-in session; not for API tokens" },
    ],
    security: [{ apiToken: [] }],
    paths: {
      "/api/health": {
        get: {
          tags: ["operations"],
          summary: "Liveness and readiness of web, Postgres, Redis and workers",
          operationId: "getHealth",
          security: [],
          responses: {
            "200": ok("Everything is up", ref("Health")),
            "503": ok("Something is down; `down` names it", ref("Health")),
          },
        },
      },
      "/api/v1/openapi.json": {
        get: {
          tags: ["operations"],
          summary: "This document",
          operationId: "getOpenApi",
          security: [],
          responses: { "200": ok("OpenAPI 3.1 document", { type: "object" }) },
        },
      },
      "/api/v1/me": {
        get: {
          tags: ["people"],
          summary: "The token's user",
          operationId: "getMe",
          responses: { "200": ok("The user", dataOf(ref("User"))), ...errors(401) },
        },
      },
      "/api/v1/users": {
        get: {
          tags: ["people"],
          summary: "All users (admin)",
          operationId: "listUsers",
          responses: { "200": ok("Users by name", dataOf({ type: "array", items: ref("User") })), ...errors(401, 403) },
        },
      },
      "/api/v1/tickets": {
        get: {
          tags: ["tickets"],
          summary: "Tickets, newest first, keyset-paginated (staff)",
          operationId: "listTickets",
          parameters: queryParameters(ListTickets, {
            status: "Comma-separated statuses, or `open` for new, acknowledged, in_progress, pending",
            priority: "Comma-separated priorities",
            cursor: "`nextCursor` of the previous page",
          }),
          responses: {
            "200": ok("A page of tickets", {
              type: "object",
              properties: {
                data: { type: "array", items: ref("Ticket") },
                nextCursor: { type: ["string", "null"] },
              },
              required: ["data", "nextCursor"],
              additionalProperties: false,
            }),
            ...errors(400, 401, 403),
          },
        },
        post: {
          tags: ["tickets"],
          summary: "Create an incident or a service request",
          description:
            "Priority comes from impact × urgency (P1 when `isMajor`, which needs the agent role or above). Routing rules pick the team when none is given, the team's strategy the assignee. Requester tokens may create service requests only, always for themselves.",
          operationId: "createTicket",
          requestBody: { required: true, content: jsonContent(ref("CreateTicket")) },
          responses: {
            "201": ok("Created", dataOf(ref("Ticket")), {
              Location: { description: "/api/v1/tickets/{number}", schema: { type: "string" } },
              ...etagHeader,
            }),
            ...errors(400, 401, 403, 413, 415),
          },
        },
      },
      "/api/v1/tickets/{number}": {
        parameters: [numberParameter],
        get: {
          tags: ["tickets"],
          summary: "One ticket with its alerts",
          description: "Requester tokens see their own tickets only (404 otherwise), without alerts and watchers.",
          operationId: "getTicket",
          responses: { "200": ok("The ticket", dataOf(ref("Ticket")), etagHeader), ...errors(401, 403, 404) },
        },
        patch: {
          tags: ["tickets"],
          summary: "Change fields or status (staff)",
          description:
            'Send only what changes. With `version` in the body or `If-Match: "<version>"` the change is refused with 409 if someone else changed the ticket since; the error\'s details carry `currentVersion` and `changes`. `pending` needs `pendingReason`; `resolved` needs `resolutionCode` and `resolutionNote`; closed and cancelled tickets are read-only.',
          operationId: "updateTicket",
          parameters: [
            {
              name: "If-Match",
              in: "header",
              required: false,
              description: 'The ETag you read, e.g. `"3"`; the same as `version` in the body',
              schema: { type: "string" },
            },
          ],
          requestBody: { required: true, content: jsonContent(ref("UpdateTicket")) },
          responses: {
            "200": ok("The ticket after the change", dataOf(ref("Ticket")), etagHeader),
            ...errors(400, 401, 403, 404, 409, 413, 415),
          },
        },
      },
      "/api/v1/tickets/{number}/comments": {
        parameters: [numberParameter],
        get: {
          tags: ["tickets"],
          summary: "The ticket's comments, oldest first",
          description: "Requester tokens get the public comments of their own tickets only.",
          operationId: "listComments",
          responses: {
            "200": ok("Comments", dataOf({ type: "array", items: ref("Comment") })),
            ...errors(401, 403, 404),
          },
        },
        post: {
          tags: ["tickets"],
          summary: "Add a public comment or an internal note",
          description: "Requesters may comment publicly on their own tickets; internal notes are for staff.",
          operationId: "addComment",
          requestBody: { required: true, content: jsonContent(ref("AddComment")) },
          responses: {
            "201": ok("Added", dataOf(ref("CommentCreated"))),
            ...errors(400, 401, 403, 404, 409, 413, 415),
          },
        },
      },
      "/api/v1/search": {
        get: {
          tags: ["tickets"],
          summary: "Search numbers, titles, descriptions and comments (staff)",
          operationId: "searchTickets",
          parameters: queryParameters(SearchTickets, {
            q: "Every word must appear (substring match, Korean or English); a ticket number matches exactly",
          }),
          responses: {
            "200": ok("Matches, exact number first, then newest", dataOf({ type: "array", items: ref("SearchHit") })),
            ...errors(400, 401, 403),
          },
        },
      },
      "/api/v1/sla/policies": {
        get: {
          tags: ["sla"],
          summary: "SLA policies in evaluation order, with conditions, targets per priority and calendar (staff)",
          operationId: "listSlaPolicies",
          responses: {
            "200": ok("Policies, first evaluated first", dataOf({ type: "array", items: ref("SlaPolicy") })),
            ...errors(401, 403),
          },
        },
      },
      "/api/v1/sla/calendars": {
        get: {
          tags: ["sla"],
          summary: "Business calendars with working hours and holidays (staff)",
          operationId: "listBusinessCalendars",
          responses: {
            "200": ok("Calendars by name", dataOf({ type: "array", items: ref("BusinessCalendar") })),
            ...errors(401, 403),
          },
        },
      },
      "/api/v1/reports/sla": {
        get: {
          tags: ["reports"],
          summary: "SLA report: compliance, MTTA/MTTR, weekly trend, backlog ageing, breached clocks (admin, manager)",
          description:
            "The figures the SLA report page shows, for tickets created in [from, to] (whole days in `timeZone`, default the token user's). A period is at most 366 days; `from` after `to` is a 400.",
          operationId: "getSlaReport",
          parameters: queryParameters(SlaReportInput, {
            from: "First day, YYYY-MM-DD",
            to: "Last day, YYYY-MM-DD (inclusive)",
            breachedLimit: "Rows of the breached list",
            breachedOffset: "Rows of the breached list to skip",
          }),
          responses: { "200": ok("The report", dataOf(ref("SlaReport"))), ...errors(400, 401, 403) },
        },
      },
      "/api/ui/search": {
        get: {
          tags: ["ui"],
          summary: "The desk's search-as-you-type box (signed-in session, staff)",
          operationId: "uiSearch",
          security: [{ session: [] }],
          parameters: [{ name: "q", in: "query", required: true, schema: { type: "string", maxLength: 200 } }],
          responses: {
            "200": ok("Up to 8 matches", dataOf({ type: "array", items: ref("UiSearchHit") })),
            ...errors(400, 401, 403),
          },
        },
      },
      "/api/v1/integrations/alertmanager": {
        post: ingestOperation(
          "Alertmanager webhook (v4, send_resolved: true)",
          "ingestAlertmanager",
          "AlertmanagerWebhook",
        ),
      },
      "/api/v1/integrations/grafana": {
        post: ingestOperation("Grafana unified alerting webhook", "ingestGrafana", "GrafanaWebhook"),
      },
      "/api/v1/events": {
        post: ingestOperation(
          `Generic JSON event, or an array of up to ${GENERIC_MAX_EVENTS}`,
          "ingestEvents",
          "GenericEvents",
        ),
      },
      "/v2/enqueue": {
        post: {
          tags: ["ingestion"],
          summary: "PagerDuty Events API v2 compatible",
          description:
            "`routing_key` is the integration key. Refusals use PagerDuty's shape with Watchdesk's status codes.",
          operationId: "ingestPagerDuty",
          security: [{}, { integrationKey: [] }, { integrationKeyQuery: [] }],
          requestBody: { required: true, content: jsonContent(ref("PagerDutyEvent")) },
          responses: {
            "202": ok("Stored and queued", ref("PagerDutyAccepted"), {
              "X-Request-Id": { schema: { type: "string", format: "uuid" } },
            }),
            ...Object.fromEntries(
              [400, 401, 413, 415, 429, 503].map((code) => [
                String(code),
                ok(ERROR_RESPONSES[code], ref("PagerDutyRefused")),
              ]),
            ),
          },
        },
      },
    },
    components: {
      securitySchemes: {
        apiToken: {
          type: "http",
          scheme: "bearer",
          description:
            "An API token (`wd_…`) from Settings → API tokens or `wd token create`; acts with its user's role",
        },
        integrationKey: {
          type: "http",
          scheme: "bearer",
          description: "An integration key (`wdi_…`) of the endpoint's kind",
        },
        session: {
          type: "apiKey",
          in: "cookie",
          name: "next-auth.session-token",
          description: "The web UI's sign-in session (`__Secure-next-auth.session-token` over HTTPS)",
        },
        integrationKeyQuery: {
          type: "apiKey",
          in: "query",
          name: "key",
          description: "The integration key, for senders that cannot set headers",
        },
      },
      responses: Object.fromEntries(
        Object.entries(ERROR_RESPONSES).map(([code, description]) => [
          `E${code}`,
          {
            description,
            ...(code === "429" ? { headers: { "Retry-After": { schema: { type: "integer" } } } } : {}),
            content: jsonContent(ref("Error")),
          },
        ]),
      ),
      schemas: withPagerDutyPayload({
        ...components("input", REQUEST_SCHEMAS),
        ...components("output", RESPONSE_SCHEMAS),
      }),
    },
  };
}

// PagerDuty's payload is checked only for trigger events, so the parser types it as unknown; the document says what a trigger needs.
function withPagerDutyPayload(schemas: Record<string, Json>) {
  const event = schemas.PagerDutyEvent as { properties: Json };
  event.properties.payload = { ...ref("PagerDutyPayload"), description: "Required for trigger" };
  return schemas;
}

let cached: ReturnType<typeof buildDocument> | undefined;

export function openApiDocument() {
  cached ??= buildDocument();
  return cached;
}
