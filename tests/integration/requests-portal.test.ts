import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { ticketActivities, tickets } from "@/db/schema";
import { createRequestCategory, createRequestType } from "@/lib/requests/catalog";
import { listMyRequests } from "@/lib/requests/portal";
import { addComment } from "@/lib/tickets/comment";
import { createTicket } from "@/lib/tickets/create";
import { loadTicketPage } from "@/lib/tickets/page";
import { createTestUser, ctxFor, factoryCtx, uniqueName } from "@/tests/factories";
import { expectAppError } from "@/tests/support/errors";

async function vpnType() {
  const ctx = factoryCtx();
  const category = await createRequestCategory(ctx, { name: uniqueName("Access") });
  return createRequestType(ctx, {
    categoryId: category.id,
    name: "VPN access",
    fields: [
      { key: "reason", label: "Reason", type: "textarea", isRequired: true },
      { key: "duration_days", label: "Duration (days)", type: "number", isRequired: false },
      { key: "needs_mfa_token", label: "Needs an MFA token", type: "checkbox", isRequired: false },
    ],
  });
}

async function requester() {
  const { user } = await createTestUser({ role: "requester" });
  return { user, ctx: ctxFor(user) };
}

describe("requester portal", () => {
  it("files a VPN request whose fields are validated and stored", async () => {
    const type = await vpnType();
    const { user, ctx } = await requester();
    const ticket = await createTicket(ctx, {
      type: "service_request",
      requestTypeId: type.id,
      title: "VPN for working from home",
      description: "Next week",
      requestFields: { reason: "  Working remotely  ", duration_days: "14", needs_mfa_token: "on", stray: "dropped" },
    });
    expect(ticket.number).toMatch(/^REQ-\d{6,}$/);
    const [stored] = await getDb().select().from(tickets).where(eq(tickets.id, ticket.id));
    expect(stored).toMatchObject({
      type: "service_request",
      requesterId: user.id,
      requestTypeId: type.id,
      requestFields: { reason: "Working remotely", duration_days: 14, needs_mfa_token: true },
    });
  });

  it("refuses a request missing a required field with that field's error, storing nothing", async () => {
    const type = await vpnType();
    const { user, ctx } = await requester();
    const error = await expectAppError(
      createTicket(ctx, {
        type: "service_request",
        requestTypeId: type.id,
        title: "No reason given",
        requestFields: { duration_days: "many" },
      }),
      "invalid",
    );
    expect(error.details?.fields).toEqual({
      "requestFields.reason": ["Reason is required"],
      "requestFields.duration_days": ["Duration (days) must be a number"],
    });
    expect(await getDb().select().from(tickets).where(eq(tickets.requesterId, user.id))).toEqual([]);
  });

  it("lists only my own requests, newest first, a page at a time", async () => {
    const type = await vpnType();
    const me = await requester();
    const other = await requester();
    const filed = [];
    for (const title of ["first", "second", "third"]) {
      filed.push(
        await createTicket(me.ctx, {
          type: "service_request",
          requestTypeId: type.id,
          title,
          requestFields: { reason: "work" },
        }),
      );
    }
    await createTicket(other.ctx, {
      type: "service_request",
      requestTypeId: type.id,
      title: "not mine",
      requestFields: { reason: "work" },
    });

    const first = await listMyRequests(me.ctx, { limit: 2 });
    expect(first.rows.map((r) => r.title)).toEqual(["third", "second"]);
    expect(first.rows[0]).toMatchObject({ number: filed[2].number, status: "new", requestTypeName: "VPN access" });
    expect(first.nextCursor).not.toBeNull();
    const second = await listMyRequests(me.ctx, { limit: 2, cursor: first.nextCursor ?? undefined });
    expect(second.rows.map((r) => r.title)).toEqual(["first"]);
    expect(second.nextCursor).toBeNull();
    expect((await listMyRequests(other.ctx)).rows.map((r) => r.title)).toEqual(["not mine"]);
    await expectAppError(listMyRequests(me.ctx, { cursor: "garbage" }), "invalid");
  });

  it("shows the requester the public timeline only and hides the ticket from other requesters", async () => {
    const type = await vpnType();
    const me = await requester();
    const { user: agent } = await createTestUser({ role: "agent" });
    const ticket = await createTicket(me.ctx, {
      type: "service_request",
      requestTypeId: type.id,
      title: "VPN please",
      requestFields: { reason: "travel" },
    });
    await addComment(ctxFor(agent), { number: ticket.number, body: "Checking with the firewall team", internal: true });
    await addComment(ctxFor(agent), { number: ticket.number, body: "Your VPN account is ready", internal: false });
    await addComment(me.ctx, { number: ticket.number, body: "Thanks!" });

    const page = await loadTicketPage(me.ctx, ticket.number, { publicOnly: true });
    const bodies = page.timeline.filter((e) => e.kind === "comment").map((e) => e.body);
    expect(bodies).toEqual(["Thanks!", "Your VPN account is ready"]);
    expect(page.timeline.every((e) => e.visibility === "public")).toBe(true);
    expect(page.requestTypeName).toBe("VPN access");
    expect(page.ticket.requestFields).toEqual({ reason: "travel", needs_mfa_token: false });

    const staffView = await loadTicketPage(ctxFor(agent), ticket.number, { publicOnly: true });
    expect(staffView.timeline.map((e) => e.body)).not.toContain("Checking with the firewall team");
    const internal = await getDb().select().from(ticketActivities).where(eq(ticketActivities.ticketId, ticket.id));
    expect(internal.map((e) => e.body)).toContain("Checking with the firewall team");

    const stranger = await requester();
    await expectAppError(loadTicketPage(stranger.ctx, ticket.number, { publicOnly: true }), "not_found");
    await expectAppError(addComment(stranger.ctx, { number: ticket.number, body: "Me too" }), "not_found");
  });

  it("does not let a requester write an internal note or raise an incident", async () => {
    const type = await vpnType();
    const me = await requester();
    const ticket = await createTicket(me.ctx, {
      type: "service_request",
      requestTypeId: type.id,
      title: "VPN",
      requestFields: { reason: "travel" },
    });
    await expectAppError(addComment(me.ctx, { number: ticket.number, body: "secret", internal: true }), "forbidden");
    await expectAppError(createTicket(me.ctx, { type: "incident", title: "Everything is down" }), "forbidden");
    const comments = await getDb().select().from(ticketActivities).where(eq(ticketActivities.ticketId, ticket.id));
    expect(comments.filter((c) => c.kind === "comment")).toEqual([]);
  });
});
