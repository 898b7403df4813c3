import { beforeAll, describe, expect, it } from "vitest";
import { GET as getTicketRoute } from "@/app/api/v1/tickets/[number]/route";
import { GET as listTicketsRoute } from "@/app/api/v1/tickets/route";
import { TicketResource } from "@/lib/api/schemas";
import {
  createTestApiToken,
  createTestService,
  createTestTeam,
  createTestUser,
  insertAlert,
  insertIncident,
  insertIntegrationRow,
} from "../factories";

const base = "http://watchdesk.test";

function call(route: typeof listTicketsRoute, url: string, token?: string, params: Record<string, string> = {}) {
  const headers: Record<string, string> = token ? { Authorization: `Bearer ${token}` } : {};
  return route(new Request(`${base}${url}`, { headers }), { params: Promise.resolve(params) });
}

describe("tickets REST API", () => {
  let token: string;
  let serviceId: string;
  let teamId: string;

  beforeAll(async () => {
    const { user } = await createTestUser({ role: "engineer" });
    token = (await createTestApiToken({ userId: user.id })).secret;
    serviceId = (await createTestService()).id;
    teamId = (await createTestTeam()).id;
  });

  it("returns an incident with camelCase fields, its alerts and fingerprints", async () => {
    const integration = await insertIntegrationRow();
    const acknowledgedAt = new Date(Date.now() - 60_000);
    const incident = await insertIncident({
      status: "acknowledged",
      priority: "P2",
      serviceId,
      teamId,
      acknowledgedAt,
      alertCount: 2,
      firingAlertCount: 1,
    });
    const firing = await insertAlert(incident, integration, {
      labels: { alertname: "X", pod: "<script>alert(1)</script>" },
    });
    await insertAlert(incident, integration, { status: "resolved" });

    const response = await call(getTicketRoute, `/api/v1/tickets/${incident.number}`, token, {
      number: incident.number,
    });
    expect(response.status).toBe(200);
    const { data } = await response.json();
    expect(data).toMatchObject({
      number: incident.number,
      type: "incident",
      status: "acknowledged",
      priority: "P2",
      service: { id: serviceId },
      team: { id: teamId },
      assignee: null,
      alertCount: 2,
      acknowledgedAt: acknowledgedAt.toISOString(),
      resolvedAt: null,
    });
    expect(data.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(TicketResource.safeParse(data).error).toBeUndefined();
    expect(response.headers.get("etag")).toBe(`"${incident.version}"`);
    expect(data.alerts).toHaveLength(2);
    expect(data.alerts.map((a: { fingerprint: string }) => a.fingerprint)).toContain(firing.fingerprint);
    expect(data.alerts.find((a: { fingerprint: string }) => a.fingerprint === firing.fingerprint).labels.pod).toBe(
      "<script>alert(1)</script>",
    );
  });

  it("pages through a filtered list with a cursor, newest first, without repeats", async () => {
    const team = await createTestTeam();
    const created: string[] = [];
    for (let i = 0; i < 5; i++) {
      const t = await insertIncident({ teamId: team.id, createdAt: new Date(Date.UTC(2026, 0, 1, 0, i)) });
      created.push(t.number);
    }
    await insertIncident({ teamId: team.id, status: "resolved" });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `/api/v1/tickets?type=incident&status=new&teamId=${team.id}&limit=2${cursor ? `&cursor=${cursor}` : ""}`;
      const response = await call(listTicketsRoute, query, token);
      expect(response.status).toBe(200);
      const body = await response.json();
      expect(body.data.length).toBeLessThanOrEqual(2);
      seen.push(...body.data.map((t: { number: string }) => t.number));
      cursor = body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...created].reverse());
  });

  it("accepts status=open as the open statuses", async () => {
    const team = await createTestTeam();
    const open = await insertIncident({ teamId: team.id, status: "pending" });
    await insertIncident({ teamId: team.id, status: "closed" });
    const response = await call(listTicketsRoute, `/api/v1/tickets?status=open&teamId=${team.id}`, token);
    const body = await response.json();
    expect(body.data.map((t: { number: string }) => t.number)).toEqual([open.number]);
  });

  it("names the bad parameter with 400", async () => {
    const bad = await call(listTicketsRoute, "/api/v1/tickets?status=sleeping", token);
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toMatchObject({ code: "invalid", message: expect.stringContaining("status") });
    const badCursor = await call(listTicketsRoute, "/api/v1/tickets?cursor=nonsense", token);
    expect(badCursor.status).toBe(400);
    expect((await badCursor.json()).error.message).toContain("cursor");
  });

  it("answers 404 for an unknown number and 401 without a token", async () => {
    const missing = await call(getTicketRoute, "/api/v1/tickets/INC-999999999", token, { number: "INC-999999999" });
    expect(missing.status).toBe(404);
    expect((await missing.json()).error.code).toBe("not_found");
    const anonymous = await call(listTicketsRoute, "/api/v1/tickets");
    expect(anonymous.status).toBe(401);
  });
});
