import { and, count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { POST as addCommentRoute, GET as listCommentsRoute } from "@/app/api/v1/tickets/[number]/comments/route";
import { GET as getTicketRoute, PATCH as patchTicketRoute } from "@/app/api/v1/tickets/[number]/route";
import { POST as createTicketRoute, GET as listTicketsRoute } from "@/app/api/v1/tickets/route";
import { getDb } from "@/db/client";
import { type Role, ticketActivities, tickets, type User } from "@/db/schema";
import { CommentCreated, CommentResource, TicketResource } from "@/lib/api/schemas";
import { createTestApiToken, createTestUser, uniqueName } from "../factories";
import { type ApiCall, callRoute } from "../support/api";
import { auditRowsBy } from "../support/db";

type Caller = { user: User; token: string };

async function caller(role: Role): Promise<Caller> {
  const { user } = await createTestUser({ role });
  const { secret } = await createTestApiToken({ userId: user.id });
  return { user, token: secret };
}

const create = (who: Caller, json: unknown, call: ApiCall = {}) =>
  callRoute(createTicketRoute, "POST", "/api/v1/tickets", { token: who.token, json, ...call });
const patch = (who: Caller, number: string, json: unknown, call: ApiCall = {}) =>
  callRoute(patchTicketRoute, "PATCH", `/api/v1/tickets/${number}`, {
    token: who.token,
    json,
    params: { number },
    ...call,
  });
const read = (who: Caller, number: string) =>
  callRoute(getTicketRoute, "GET", `/api/v1/tickets/${number}`, { token: who.token, params: { number } });
const comment = (who: Caller, number: string, json: unknown, call: ApiCall = {}) =>
  callRoute(addCommentRoute, "POST", `/api/v1/tickets/${number}/comments`, {
    token: who.token,
    json,
    params: { number },
    ...call,
  });
const commentsOf = async (who: Caller, number: string) => {
  const answer = await callRoute(listCommentsRoute, "GET", `/api/v1/tickets/${number}/comments`, {
    token: who.token,
    params: { number },
  });
  return { ...answer, comments: answer.status === 200 ? CommentResource.array().parse(answer.body.data) : [] };
};

async function createdTicket(who: Caller, json: Record<string, unknown>) {
  const answer = await create(who, { title: uniqueName("API ticket"), ...json });
  expect(answer.status, answer.text).toBe(201);
  return TicketResource.parse(answer.body.data);
}

async function ticketsRequestedBy(userId: string) {
  const [row] = await getDb().select({ n: count() }).from(tickets).where(eq(tickets.requesterId, userId));
  return row.n;
}

async function commentCount(number: string) {
  const [row] = await getDb()
    .select({ n: count() })
    .from(ticketActivities)
    .innerJoin(tickets, eq(tickets.id, ticketActivities.ticketId))
    .where(and(eq(tickets.number, number), eq(ticketActivities.kind, "comment")));
  return row.n;
}

describe("tickets write API", () => {
  let agent: Caller;
  let otherAgent: Caller;
  let engineer: Caller;
  let requester: Caller;

  beforeAll(async () => {
    [agent, otherAgent, engineer, requester] = await Promise.all([
      caller("agent"),
      caller("agent"),
      caller("engineer"),
      caller("requester"),
    ]);
  });

  it("creates an incident: 201, Location, ETag and priority from impact × urgency", async () => {
    const answer = await create(agent, { type: "incident", title: "Mail relay down", impact: 1, urgency: 2 });
    expect(answer.status, answer.text).toBe(201);
    const ticket = TicketResource.parse(answer.body.data);
    expect(ticket).toMatchObject({ type: "incident", title: "Mail relay down", impact: 1, urgency: 2, priority: "P2" });
    expect(ticket.number).toMatch(/^INC-\d{6,}$/);
    expect(ticket.requester).toEqual({ id: agent.user.id, name: agent.user.name });
    expect(answer.headers.get("location")).toBe(`/api/v1/tickets/${ticket.number}`);
    expect(answer.headers.get("etag")).toBe('"1"');

    const again = await read(agent, ticket.number);
    expect(again.status).toBe(200);
    expect(again.headers.get("etag")).toBe('"1"');
    expect(TicketResource.parse(again.body.data).number).toBe(ticket.number);

    for (const [impact, urgency, priority] of [
      [1, 1, "P1"],
      [2, 3, "P4"],
      [3, 3, "P5"],
    ] as const) {
      expect((await createdTicket(agent, { impact, urgency })).priority).toBe(priority);
    }
  });

  it("creates a service request with a REQ number", async () => {
    const ticket = await createdTicket(agent, { type: "service_request", description: "New laptop for Jiwoo" });
    expect(ticket).toMatchObject({ type: "service_request", description: "New laptop for Jiwoo", status: "new" });
    expect(ticket.number).toMatch(/^REQ-\d{6,}$/);
  });

  it("makes a major incident P1 for an agent and refuses an engineer with 403, storing nothing", async () => {
    const major = await createdTicket(agent, { impact: 3, urgency: 3, isMajor: true });
    expect(major).toMatchObject({ isMajor: true, priority: "P1" });

    const before = await ticketsRequestedBy(engineer.user.id);
    const refused = await create(engineer, { title: uniqueName("Major"), isMajor: true });
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({ code: "forbidden", message: expect.stringContaining("tickets.major") });
    expect(await ticketsRequestedBy(engineer.user.id)).toBe(before);
    expect((await createdTicket(engineer, { isMajor: false })).isMajor).toBe(false);
  });

  it("patches title and status with the version in the body or in If-Match", async () => {
    const ticket = await createdTicket(agent, {});
    const renamed = await patch(agent, ticket.number, { title: "Renamed", version: 1 });
    expect(renamed.status, renamed.text).toBe(200);
    expect(TicketResource.parse(renamed.body.data)).toMatchObject({ title: "Renamed", version: 2 });
    expect(renamed.headers.get("etag")).toBe('"2"');

    const acknowledged = await patch(
      agent,
      ticket.number,
      { status: "acknowledged" },
      { headers: { "If-Match": '"2"' } },
    );
    expect(acknowledged.status, acknowledged.text).toBe(200);
    const after = TicketResource.parse(acknowledged.body.data);
    expect(after).toMatchObject({ status: "acknowledged", version: 3 });
    expect(after.acknowledgedAt).not.toBeNull();
    expect(acknowledged.headers.get("etag")).toBe('"3"');
  });

  it("answers a stale PATCH with 409 listing the other actor's change, and keeps the ticket as it was", async () => {
    const ticket = await createdTicket(agent, { urgency: 2 });
    expect((await patch(otherAgent, ticket.number, { title: "Changed by the other agent", version: 1 })).status).toBe(
      200,
    );

    const stale = await patch(agent, ticket.number, { urgency: 1 }, { headers: { "If-Match": '"1"' } });
    expect(stale.status).toBe(409);
    expect(stale.body.error?.code).toBe("conflict");
    expect(stale.body.error?.message).toContain(otherAgent.user.email);
    expect(stale.body.error?.details?.currentVersion).toBe(2);
    expect(stale.body.error?.details?.changes).toContainEqual(
      expect.objectContaining({
        field: "title",
        from: ticket.title,
        to: "Changed by the other agent",
        by: otherAgent.user.email,
      }),
    );
    const now = TicketResource.parse((await read(agent, ticket.number)).body.data);
    expect(now).toMatchObject({ urgency: 2, version: 2 });

    const staleBody = await patch(agent, ticket.number, { urgency: 1, version: 1 });
    expect(staleBody.status).toBe(409);
  });

  it("names pendingReason, resolutionCode and resolutionNote with 400, and refuses a forbidden transition with 409", async () => {
    const ticket = await createdTicket(agent, {});
    const pending = await patch(agent, ticket.number, { status: "pending" });
    expect(pending.status).toBe(400);
    expect(pending.body.error?.message).toContain("pendingReason");
    expect(pending.body.error?.details?.fields).toHaveProperty("pendingReason");

    const resolved = await patch(agent, ticket.number, { status: "resolved" });
    expect(resolved.status).toBe(400);
    expect(Object.keys(resolved.body.error?.details?.fields ?? {}).sort()).toEqual([
      "resolutionCode",
      "resolutionNote",
    ]);

    const jump = await patch(agent, ticket.number, { status: "closed" });
    expect(jump.status).toBe(409);
    expect(jump.body.error?.message).toContain("from new to closed");

    const waiting = await patch(agent, ticket.number, { status: "pending", pendingReason: "Vendor's answer" });
    expect(waiting.status).toBe(200);
    expect(TicketResource.parse(waiting.body.data)).toMatchObject({
      status: "pending",
      pendingReason: "Vendor's answer",
      version: 2,
    });
  });

  it("refuses any change to a closed ticket with 409", async () => {
    const ticket = await createdTicket(agent, {});
    const resolved = await patch(agent, ticket.number, {
      status: "resolved",
      resolutionCode: "fixed",
      resolutionNote: "Restarted the relay",
    });
    expect(resolved.status, resolved.text).toBe(200);
    expect(TicketResource.parse(resolved.body.data)).toMatchObject({
      status: "resolved",
      resolutionCode: "fixed",
      resolutionNote: "Restarted the relay",
    });
    expect((await patch(agent, ticket.number, { status: "closed" })).status).toBe(200);

    const late = await patch(agent, ticket.number, { title: "Too late" });
    expect(late.status).toBe(409);
    expect(late.body.error?.message).toContain("closed");
    expect((await comment(agent, ticket.number, { body: "Still there?" })).status).toBe(409);
  });

  it("adds public comments and internal notes and lists them", async () => {
    const ticket = await createdTicket(agent, {});
    const publicAnswer = await comment(agent, ticket.number, { body: "Looking into it" });
    expect(publicAnswer.status, publicAnswer.text).toBe(201);
    const created = CommentCreated.parse(publicAnswer.body.data);
    expect(created.visibility).toBe("public");
    const internal = await comment(agent, ticket.number, { body: "Relay logs are full", internal: true });
    expect(internal.status).toBe(201);
    expect(CommentCreated.parse(internal.body.data).visibility).toBe("internal");

    const { status, comments } = await commentsOf(agent, ticket.number);
    expect(status).toBe(200);
    expect(comments.map((c) => [c.body, c.visibility])).toEqual([
      ["Looking into it", "public"],
      ["Relay logs are full", "internal"],
    ]);
    expect(comments[0]).toMatchObject({ id: created.id, author: { id: agent.user.id }, actorType: "token" });
  });

  describe("a requester's token", () => {
    let own: string;
    let othersIncident: string;

    beforeAll(async () => {
      const answer = await create(requester, {
        type: "service_request",
        title: uniqueName("VPN access"),
        requesterId: agent.user.id,
      });
      expect(answer.status, answer.text).toBe(201);
      const ticket = TicketResource.parse(answer.body.data);
      expect(ticket.requester?.id).toBe(requester.user.id);
      expect(ticket).toMatchObject({ type: "service_request", team: null, assignee: null, alerts: [], watcherIds: [] });
      own = ticket.number;
      othersIncident = (await createdTicket(agent, {})).number;
    });

    it("cannot raise an incident or list tickets (403)", async () => {
      const before = await ticketsRequestedBy(requester.user.id);
      const incident = await create(requester, { type: "incident", title: uniqueName("Outage") });
      expect(incident.status).toBe(403);
      expect(await ticketsRequestedBy(requester.user.id)).toBe(before);
      const list = await callRoute(listTicketsRoute, "GET", "/api/v1/tickets", { token: requester.token });
      expect(list.status).toBe(403);
    });

    it("reads its own ticket, and gets 404 for anyone else's", async () => {
      const mine = await read(requester, own);
      expect(mine.status).toBe(200);
      expect(TicketResource.parse(mine.body.data).number).toBe(own);
      for (const answer of [
        await read(requester, othersIncident),
        await commentsOf(requester, othersIncident),
        await comment(requester, othersIncident, { body: "Hello?" }),
      ]) {
        expect(answer.status).toBe(404);
        expect(answer.body.error?.code).toBe("not_found");
      }
      expect(await commentCount(othersIncident)).toBe(0);
    });

    it("comments publicly on its own ticket, cannot write internal notes, and never sees them", async () => {
      expect((await comment(requester, own, { body: "Any news?" })).status).toBe(201);
      const internal = await comment(requester, own, { body: "Psst", internal: true });
      expect(internal.status).toBe(403);
      expect((await comment(agent, own, { body: "Approval pending with security", internal: true })).status).toBe(201);
      expect((await comment(agent, own, { body: "We are on it" })).status).toBe(201);

      const { comments } = await commentsOf(requester, own);
      expect(comments.map((c) => c.body)).toEqual(["Any news?", "We are on it"]);
      expect((await commentsOf(agent, own)).comments).toHaveLength(3);
    });

    it("cannot patch, even its own ticket (403)", async () => {
      const answer = await patch(requester, own, { title: "Mine" });
      expect(answer.status).toBe(403);
    });
  });

  it("stores markup in titles and comments verbatim and answers it as an inert JSON string", async () => {
    const markup = "<img src=x onerror=alert(1)>";
    const answer = await create(agent, { title: markup });
    expect(answer.status).toBe(201);
    expect(answer.headers.get("content-type")).toMatch(/^application\/json/);
    expect(answer.text).toContain(`"title":${JSON.stringify(markup)}`);
    const ticket = TicketResource.parse(answer.body.data);
    const [row] = await getDb().select({ title: tickets.title }).from(tickets).where(eq(tickets.number, ticket.number));
    expect(row.title).toBe(markup);

    expect((await comment(agent, ticket.number, { body: markup })).status).toBe(201);
    const listed = await commentsOf(agent, ticket.number);
    expect(listed.headers.get("content-type")).toMatch(/^application\/json/);
    expect(listed.comments[0].body).toBe(markup);
  });

  it("refuses bad bodies with a 4xx naming the problem and stores nothing", async () => {
    const { user } = await createTestUser({ role: "agent" });
    const sender: Caller = { user, token: (await createTestApiToken({ userId: user.id })).secret };
    const title = uniqueName("Refused");
    const cases: { call: ApiCall; status: number; names: string }[] = [
      { call: { body: `{"title": "${title}"` }, status: 400, names: "Malformed JSON" },
      { call: { body: "" }, status: 400, names: "Malformed JSON" },
      { call: { json: { title }, contentType: "text/plain" }, status: 415, names: "Content-Type" },
      { call: { json: { title }, contentType: "application/x-www-form-urlencoded" }, status: 415, names: "text" },
      { call: { json: { title, titel: title } }, status: 400, names: "titel" },
      { call: { json: { title, number: "INC-000001" } }, status: 400, names: "number" },
      { call: { json: [{ title }] }, status: 400, names: "JSON object" },
      { call: { json: { title, urgency: 7 } }, status: 400, names: "urgency" },
      { call: { json: { title, type: "problem" } }, status: 400, names: "type" },
      { call: { json: { title: " " } }, status: 400, names: "title" },
      { call: { json: { title, description: "x".repeat(1024 * 1024) } }, status: 413, names: "1 MiB" },
    ];
    for (const { call, status, names } of cases) {
      const answer = await create(sender, undefined, call);
      expect(answer.status, `${JSON.stringify(call).slice(0, 80)} → ${answer.text}`).toBe(status);
      expect(answer.body.error?.message).toContain(names === "text" ? "application/x-www-form-urlencoded" : names);
    }
    const unknown = await create(sender, undefined, { json: { title, titel: title } });
    expect(unknown.body.error?.details?.fields).toEqual({ titel: ["Unknown field"] });
    const missing = await create(sender, undefined, {});
    expect(missing.status).toBe(415);
    expect(await ticketsRequestedBy(user.id)).toBe(0);
    expect(await auditRowsBy(user.id)).toEqual([]);
  });

  it("refuses bad PATCH and comment bodies without changing the ticket", async () => {
    const ticket = await createdTicket(agent, {});
    const cases: { call: ApiCall; names: string; status?: number }[] = [
      { call: { json: { stauts: "acknowledged" } }, names: "stauts" },
      { call: { json: { number: "INC-000001" } }, names: "number" },
      { call: { json: { title: "x" }, headers: { "If-Match": "version 1" } }, names: "If-Match" },
      { call: { json: { title: "x", version: 1 }, headers: { "If-Match": '"2"' } }, names: "version" },
      { call: { json: { status: "sleeping" } }, names: "status" },
      {
        call: { body: "title=x", contentType: "application/x-www-form-urlencoded" },
        names: "Content-Type",
        status: 415,
      },
      { call: { body: "{" }, names: "Malformed JSON" },
    ];
    for (const { call, names, status } of cases) {
      const answer = await patch(agent, ticket.number, undefined, call);
      expect(answer.status, answer.text).toBe(status ?? 400);
      expect(answer.body.error?.message).toContain(names);
    }
    const after = TicketResource.parse((await read(agent, ticket.number)).body.data);
    expect(after).toMatchObject({ version: 1, status: "new", title: ticket.title });

    const badComment = await comment(agent, ticket.number, { body: "Hi", visibility: "internal" });
    expect(badComment.status).toBe(400);
    expect(badComment.body.error?.message).toContain("visibility");
    expect((await comment(agent, ticket.number, { body: "  " })).status).toBe(400);
    expect((await comment(agent, ticket.number, { body: "Hi", internal: "yes" })).body.error?.message).toContain(
      "internal",
    );
    expect(await commentCount(ticket.number)).toBe(0);
  });
});
