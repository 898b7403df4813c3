import { beforeAll, describe, expect, it } from "vitest";
import { GET as slaReportRoute } from "@/app/api/v1/reports/sla/route";
import { GET as searchRoute } from "@/app/api/v1/search/route";
import { GET as listCalendarsRoute } from "@/app/api/v1/sla/calendars/route";
import { GET as listPoliciesRoute } from "@/app/api/v1/sla/policies/route";
import { POST as addCommentRoute, GET as listCommentsRoute } from "@/app/api/v1/tickets/[number]/comments/route";
import { GET as getTicketRoute, PATCH as patchTicketRoute } from "@/app/api/v1/tickets/[number]/route";
import { POST as createTicketRoute, GET as listTicketsRoute } from "@/app/api/v1/tickets/route";
import { GET as listUsersRoute } from "@/app/api/v1/users/route";
import { ROLES, type Role, type User } from "@/db/schema";
import { type Actor, can, type Permission } from "@/lib/auth/permissions";
import { createTicket } from "@/lib/tickets/create";
import { createTestApiToken, createTestUser, factoryCtx, uniqueName } from "../factories";
import { type ApiAnswer, callRoute } from "../support/api";

type Caller = { user: User; token: string };

const othersIncident = async () =>
  (await createTicket(factoryCtx(), { type: "incident", title: uniqueName("Someone else's incident") })).number;
const ownRequest = async (who: Caller) =>
  (
    await createTicket(factoryCtx(), {
      type: "service_request",
      title: uniqueName("Own request"),
      requesterId: who.user.id,
    })
  ).number;

const ticketCall = (handler: typeof getTicketRoute, method: string, number: string, who: Caller, json?: unknown) =>
  callRoute(handler, method, `/api/v1/tickets/${number}`, { token: who.token, json, params: { number } });

// What each API operation needs in the UI's terms: the permission `can` checks for the same action.
const OPERATIONS = {
  "list tickets": {
    permission: "tickets.read",
    run: (who) => callRoute(listTicketsRoute, "GET", "/api/v1/tickets", { token: who.token }),
  },
  "get someone else's ticket": {
    permission: "tickets.read",
    run: async (who) => ticketCall(getTicketRoute, "GET", await othersIncident(), who),
  },
  "get own request": {
    permission: "requests.portal",
    run: async (who) => ticketCall(getTicketRoute, "GET", await ownRequest(who), who),
  },
  "create incident": {
    permission: "tickets.work",
    run: (who) =>
      callRoute(createTicketRoute, "POST", "/api/v1/tickets", {
        token: who.token,
        json: { type: "incident", title: uniqueName("Matrix incident") },
      }),
  },
  "create request": {
    permission: "requests.portal",
    run: (who) =>
      callRoute(createTicketRoute, "POST", "/api/v1/tickets", {
        token: who.token,
        json: { type: "service_request", title: uniqueName("Matrix request") },
      }),
  },
  "patch ticket": {
    permission: "tickets.work",
    run: async (who) => ticketCall(patchTicketRoute, "PATCH", await othersIncident(), who, { urgency: 1 }),
  },
  "mark major": {
    permission: "tickets.major",
    run: async (who) => ticketCall(patchTicketRoute, "PATCH", await othersIncident(), who, { isMajor: true }),
  },
  "comment internal": {
    permission: "tickets.work",
    run: async (who) =>
      ticketCall(addCommentRoute, "POST", await othersIncident(), who, { body: "Note", internal: true }),
  },
  "comment public on someone else's ticket": {
    permission: "tickets.work",
    run: async (who) => ticketCall(addCommentRoute, "POST", await othersIncident(), who, { body: "Update" }),
  },
  "comment public on own request": {
    permission: "requests.portal",
    run: async (who) => ticketCall(addCommentRoute, "POST", await ownRequest(who), who, { body: "Any news?" }),
  },
  "list comments of someone else's ticket": {
    permission: "tickets.read",
    run: async (who) => ticketCall(listCommentsRoute, "GET", await othersIncident(), who),
  },
  "list comments of own request": {
    permission: "requests.portal",
    run: async (who) => ticketCall(listCommentsRoute, "GET", await ownRequest(who), who),
  },
  search: {
    permission: "tickets.read",
    run: (who) => callRoute(searchRoute, "GET", "/api/v1/search?q=matrix", { token: who.token }),
  },
  "SLA report": {
    permission: "reports.read",
    run: (who) =>
      callRoute(slaReportRoute, "GET", "/api/v1/reports/sla?from=2026-10-01&to=2026-10-31&groupBy=team", {
        token: who.token,
      }),
  },
  "list users": {
    permission: "users.read",
    run: (who) => callRoute(listUsersRoute, "GET", "/api/v1/users", { token: who.token }),
  },
  "list SLA policies": {
    permission: "sla.read",
    run: (who) => callRoute(listPoliciesRoute, "GET", "/api/v1/sla/policies", { token: who.token }),
  },
  "list business calendars": {
    permission: "sla.read",
    run: (who) => callRoute(listCalendarsRoute, "GET", "/api/v1/sla/calendars", { token: who.token }),
  },
} satisfies Record<string, { permission: Permission; run: (who: Caller) => Promise<ApiAnswer> }>;
type Operation = keyof typeof OPERATIONS;

// Written out by hand: a change to permissions or to the API must change this table on purpose.
// Someone else's ticket answers 404 to a requester, so it does not learn which numbers exist.
const EXPECTED: Record<Operation, Record<Role, number>> = {
  "list tickets": { admin: 200, manager: 200, agent: 200, engineer: 200, requester: 403 },
  "get someone else's ticket": { admin: 200, manager: 200, agent: 200, engineer: 200, requester: 404 },
  "get own request": { admin: 200, manager: 200, agent: 200, engineer: 200, requester: 200 },
  "create incident": { admin: 201, manager: 201, agent: 201, engineer: 201, requester: 403 },
  "create request": { admin: 201, manager: 201, agent: 201, engineer: 201, requester: 201 },
  "patch ticket": { admin: 200, manager: 200, agent: 200, engineer: 200, requester: 403 },
  "mark major": { admin: 200, manager: 200, agent: 200, engineer: 403, requester: 403 },
  "comment internal": { admin: 201, manager: 201, agent: 201, engineer: 201, requester: 403 },
  "comment public on someone else's ticket": { admin: 201, manager: 201, agent: 201, engineer: 201, requester: 404 },
  "comment public on own request": { admin: 201, manager: 201, agent: 201, engineer: 201, requester: 201 },
  "list comments of someone else's ticket": { admin: 200, manager: 200, agent: 200, engineer: 200, requester: 404 },
  "list comments of own request": { admin: 200, manager: 200, agent: 200, engineer: 200, requester: 200 },
  search: { admin: 200, manager: 200, agent: 200, engineer: 200, requester: 403 },
  "SLA report": { admin: 200, manager: 200, agent: 403, engineer: 403, requester: 403 },
  "list users": { admin: 200, manager: 403, agent: 403, engineer: 403, requester: 403 },
  "list SLA policies": { admin: 200, manager: 200, agent: 200, engineer: 200, requester: 403 },
  "list business calendars": { admin: 200, manager: 200, agent: 200, engineer: 200, requester: 403 },
};

const operations = Object.keys(OPERATIONS) as Operation[];
const tokenActor = (role: Role): Actor => ({ type: "token", id: "matrix", userId: "matrix", role, label: role });
const isAllowed = (status: number) => status >= 200 && status < 300;

describe("API permission matrix", () => {
  const callers = {} as Record<Role, Caller>;

  beforeAll(async () => {
    for (const role of ROLES) {
      const { user } = await createTestUser({ role });
      callers[role] = { user, token: (await createTestApiToken({ userId: user.id })).secret };
    }
  });

  it("covers every role, and the table allows exactly what can() allows", () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...operations].sort());
    for (const operation of operations) {
      expect(Object.keys(EXPECTED[operation]).sort()).toEqual([...ROLES].sort());
      for (const role of ROLES) {
        expect(
          isAllowed(EXPECTED[operation][role]),
          `${role} / ${operation}: can(${OPERATIONS[operation].permission})`,
        ).toBe(can(tokenActor(role), OPERATIONS[operation].permission));
      }
    }
  });

  describe.each(operations)("%s", (operation) => {
    it.each([...ROLES])("as %s", async (role) => {
      const answer = await OPERATIONS[operation].run(callers[role]);
      expect(answer.status, answer.text.slice(0, 300)).toBe(EXPECTED[operation][role]);
      expect(isAllowed(answer.status)).toBe(can(tokenActor(role), OPERATIONS[operation].permission));
      if (!isAllowed(answer.status)) {
        expect(answer.body.error?.code).toBe(answer.status === 403 ? "forbidden" : "not_found");
      }
    });
  });
});
