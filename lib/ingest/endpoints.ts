import type { IntegrationKind } from "@/db/schema";
import { type AppError, errorResponse } from "@/lib/errors";
import { parseAlertmanager } from "./parsers/alertmanager";
import type { ParsedEvent } from "./parsers/common";
import { parseGeneric } from "./parsers/generic";
import { parseGrafana } from "./parsers/grafana";
import { pagerDutyRoutingKey, parsePagerDuty } from "./parsers/pagerduty";

export type Accepted = { requestId: string; eventIds: number[]; dedupKey?: string };

export type IngestEndpoint = {
  kind: IntegrationKind;
  parse: (body: unknown, now: Date) => { events: ParsedEvent[]; dedupKey?: string };
  keyFromBody?: (body: unknown) => string | null;
  accepted: (result: Accepted) => Response;
  refused: (error: AppError) => Response;
};

function acceptedResponse({ requestId, eventIds }: Accepted) {
  return Response.json(
    { status: "accepted", events: eventIds.length, requestId },
    { status: 202, headers: { "X-Request-Id": requestId } },
  );
}

export const ALERTMANAGER_ENDPOINT: IngestEndpoint = {
  kind: "alertmanager",
  parse: (body) => ({ events: parseAlertmanager(body) }),
  accepted: acceptedResponse,
  refused: errorResponse,
};

export const GRAFANA_ENDPOINT: IngestEndpoint = {
  kind: "grafana",
  parse: (body) => ({ events: parseGrafana(body) }),
  accepted: acceptedResponse,
  refused: errorResponse,
};

export const GENERIC_ENDPOINT: IngestEndpoint = {
  kind: "generic",
  parse: (body, now) => ({ events: parseGeneric(body, now) }),
  accepted: acceptedResponse,
  refused: errorResponse,
};

// PagerDuty Events API v2: its own success and error bodies, with our status codes and headers.
export const PAGERDUTY_ENDPOINT: IngestEndpoint = {
  kind: "pagerduty",
  parse: (body, now) => parsePagerDuty(body, now),
  keyFromBody: pagerDutyRoutingKey,
  accepted: ({ requestId, dedupKey }) =>
    Response.json(
      { status: "success", message: "Event processed", dedup_key: dedupKey },
      { status: 202, headers: { "X-Request-Id": requestId } },
    ),
  refused: (error) => {
    const standard = errorResponse(error);
    const fields = error.details?.fields;
    const errors = fields
      ? Object.entries(fields).map(([field, messages]) => `${field}: ${messages[0]}`)
      : [error.message];
    return Response.json(
      { status: error.code === "invalid" ? "invalid event" : error.code, message: error.message, errors },
      { status: standard.status, headers: standard.headers },
    );
  },
};
