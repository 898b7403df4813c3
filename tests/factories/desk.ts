import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import {
  type Alert,
  alerts,
  type Integration,
  integrations,
  type Priority,
  type Ticket,
  type TicketStatus,
  tickets,
} from "@/db/schema";
import { uniqueName, uniqueSuffix } from "./unique";

// Direct inserts for read-side tests (lists, REST): the engine's own tests drive these rows through events.
export async function insertIntegrationRow(
  overrides: Partial<typeof integrations.$inferInsert> = {},
): Promise<Integration> {
  const [row] = await getDb()
    .insert(integrations)
    .values({
      name: uniqueName("integration"),
      kind: "alertmanager",
      keyHash: randomBytes(32).toString("hex"),
      keyPrefix: "wdi_test",
      ...overrides,
    })
    .returning();
  return row;
}

export async function insertIncident(
  overrides: Partial<typeof tickets.$inferInsert> & { status?: TicketStatus; priority?: Priority } = {},
): Promise<Ticket> {
  const [row] = await getDb()
    .insert(tickets)
    .values({
      number: sql`'INC-' || lpad(nextval('incident_number_seq')::text, 6, '0')`,
      type: "incident",
      title: uniqueName("Incident"),
      groupKey: `test:${uniqueSuffix()}`,
      ...overrides,
    })
    .returning();
  return row;
}

export async function insertAlert(
  incident: Pick<Ticket, "id">,
  integration: Pick<Integration, "id">,
  overrides: Partial<typeof alerts.$inferInsert> = {},
): Promise<Alert> {
  const now = new Date();
  const [row] = await getDb()
    .insert(alerts)
    .values({
      integrationId: integration.id,
      fingerprint: uniqueSuffix(),
      status: "firing",
      alertname: "TestAlert",
      summary: uniqueName("summary"),
      labels: { alertname: "TestAlert" },
      groupKey: "test",
      incidentId: incident.id,
      eventCount: 1,
      firstSeenAt: now,
      lastSeenAt: now,
      lastEventId: 0,
      ...overrides,
    })
    .returning();
  return row;
}
