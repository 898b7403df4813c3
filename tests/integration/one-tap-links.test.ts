import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { actionLinks, auditLog, type LinkAction, ticketActivities, tickets } from "@/db/schema";
import { createActionLink } from "@/lib/notify/links";
import { confirmActionLink, viewActionLink, viewActionLinkResult } from "@/lib/notify/one-tap";
import { acknowledgeIncident } from "@/lib/oncall/acknowledge";
import { createTestUser, ctxFor, insertIncident } from "@/tests/factories";
import { auditRowsFor } from "@/tests/support/db";

async function linkFor(options: { role?: "engineer" | "requester"; action?: LinkAction; now?: Date } = {}) {
  const { user } = await createTestUser({ role: options.role ?? "engineer", name: `Kim ${randomUUID().slice(0, 4)}` });
  const ticket = await insertIncident({ priority: "P1" });
  const token = await createActionLink(
    getDb(),
    { userId: user.id, ticketId: ticket.id, action: options.action ?? "acknowledge" },
    options.now,
  );
  const [link] = await getDb()
    .select()
    .from(actionLinks)
    .where(eq(actionLinks.id, token.split(".")[0]));
  return { user, ticket, token, link };
}

async function snapshot(ticketId: string, linkId: string) {
  const db = getDb();
  const [link] = await db.select().from(actionLinks).where(eq(actionLinks.id, linkId));
  const [ticket] = await db.select().from(tickets).where(eq(tickets.id, ticketId));
  const activities = await db.select().from(ticketActivities).where(eq(ticketActivities.ticketId, ticketId));
  const audits = [...(await auditRowsFor(ticketId)), ...(await auditRowsFor(linkId))];
  return { link, ticket, activities: activities.length, audits: audits.length };
}

const readTicket = async (id: string) => (await getDb().select().from(tickets).where(eq(tickets.id, id)))[0];

describe("one-tap links (Done-when 4)", () => {
  it("viewing a valid link changes nothing: not the link, the ticket, the timeline or the audit log", async () => {
    const { ticket, token, link } = await linkFor();
    const before = await snapshot(ticket.id, link.id);
    for (let i = 0; i < 3; i++) {
      const view = await viewActionLink(getDb(), token);
      expect(view.state).toBe("ready");
    }
    expect(await viewActionLinkResult(getDb(), token)).toMatchObject({ state: "ready" });
    expect(await snapshot(ticket.id, link.id)).toEqual(before);
    expect(before.link.usedAt).toBeNull();
  });

  it("confirming acknowledges as the link's user, marks the link used and is audited", async () => {
    const { user, ticket, token, link } = await linkFor();
    const result = await confirmActionLink(getDb(), token, { ip: "203.0.113.9", userAgent: "phone" });
    expect(result).toEqual({ outcome: "done", number: ticket.number, action: "acknowledge" });
    const after = await readTicket(ticket.id);
    expect(after).toMatchObject({ status: "acknowledged", assigneeId: user.id });
    const [used] = await getDb().select().from(actionLinks).where(eq(actionLinks.id, link.id));
    expect(used.usedAt).toBeInstanceOf(Date);
    const ticketAudit = await auditRowsFor(ticket.id);
    expect(ticketAudit.at(-1)).toMatchObject({ actorId: user.id, actorType: "user", ip: "203.0.113.9" });
    const linkAudit = await auditRowsFor(link.id);
    expect(linkAudit).toHaveLength(1);
    expect(linkAudit[0]).toMatchObject({ action: "action_link.used", actorId: user.id, actorLabel: user.email });
    expect(linkAudit[0].after).toMatchObject({ action: "acknowledge", ticket: ticket.number, result: "acknowledged" });
    const [change] = await getDb()
      .select()
      .from(ticketActivities)
      .where(and(eq(ticketActivities.ticketId, ticket.id), eq(ticketActivities.kind, "status_change")));
    expect(change).toMatchObject({ actorId: user.id, data: { from: "new", to: "acknowledged" } });
    expect(await viewActionLinkResult(getDb(), token)).toMatchObject({
      state: "done",
      actedBy: { id: user.id, isLinkUser: true },
    });
  });

  it("a second confirm of the same link is refused as used and changes nothing", async () => {
    const { ticket, token, link } = await linkFor();
    await confirmActionLink(getDb(), token);
    const before = await snapshot(ticket.id, link.id);
    expect(await confirmActionLink(getDb(), token)).toEqual({ outcome: "used" });
    expect(await viewActionLink(getDb(), token)).toMatchObject({ state: "used" });
    expect(await snapshot(ticket.id, link.id)).toEqual(before);
  });

  it("two confirms racing on one link act once", async () => {
    const { ticket, token, link } = await linkFor();
    const results = await Promise.all([confirmActionLink(getDb(), token), confirmActionLink(getDb(), token)]);
    expect(results.map((r) => r.outcome).sort()).toEqual(["done", "used"]);
    expect(await auditRowsFor(link.id)).toHaveLength(1);
    expect((await readTicket(ticket.id)).status).toBe("acknowledged");
  });

  it("an expired link is refused and changes nothing", async () => {
    const { ticket, token, link } = await linkFor({ now: new Date(Date.now() - 25 * 3_600_000) });
    const before = await snapshot(ticket.id, link.id);
    expect(await viewActionLink(getDb(), token)).toMatchObject({ state: "expired" });
    expect(await confirmActionLink(getDb(), token)).toEqual({ outcome: "expired" });
    expect(await snapshot(ticket.id, link.id)).toEqual(before);
  });

  it("a tampered or unknown token is invalid", async () => {
    const { ticket, token, link } = await linkFor();
    const [id, signature] = token.split(".");
    const flipped = `${id}.${signature.slice(0, -2)}${signature.endsWith("AA") ? "BB" : "AA"}`;
    const tokens = [flipped, `${randomUUID()}.${signature}`, `${id}.`, "garbage", `${id}.${signature}x`];
    for (const bad of tokens) {
      expect(await viewActionLink(getDb(), bad)).toEqual({ state: "invalid" });
      expect(await confirmActionLink(getDb(), bad)).toEqual({ outcome: "invalid" });
    }
    expect((await snapshot(ticket.id, link.id)).link.usedAt).toBeNull();
    expect((await readTicket(ticket.id)).status).toBe("new");
  });

  it("the signature binds the action: a link whose action is changed in the database is invalid", async () => {
    const { ticket, token, link } = await linkFor({ action: "acknowledge" });
    await getDb().update(actionLinks).set({ action: "resolve" }).where(eq(actionLinks.id, link.id));
    expect(await viewActionLink(getDb(), token)).toEqual({ state: "invalid" });
    expect(await confirmActionLink(getDb(), token)).toEqual({ outcome: "invalid" });
    expect((await readTicket(ticket.id)).status).toBe("new");
  });

  it("a resolve link resolves as its user", async () => {
    const { user, ticket, token } = await linkFor({ action: "resolve" });
    expect(await viewActionLink(getDb(), token)).toMatchObject({ state: "ready", link: { action: "resolve" } });
    expect(await confirmActionLink(getDb(), token)).toEqual({
      outcome: "done",
      number: ticket.number,
      action: "resolve",
    });
    expect(await readTicket(ticket.id)).toMatchObject({ status: "resolved", resolutionCode: "fixed" });
    expect(await viewActionLinkResult(getDb(), token)).toMatchObject({
      state: "done",
      actedBy: { id: user.id, isLinkUser: true },
    });
  });

  it("a requester's link is refused and acts on nothing", async () => {
    const { ticket, token, link } = await linkFor({ role: "requester" });
    const before = await snapshot(ticket.id, link.id);
    expect(await viewActionLink(getDb(), token)).toMatchObject({ state: "refused" });
    expect(await confirmActionLink(getDb(), token)).toEqual({ outcome: "refused" });
    expect(await snapshot(ticket.id, link.id)).toEqual(before);
  });

  it("a deactivated engineer's link is refused", async () => {
    const { user, ticket, token } = await linkFor();
    const { users } = await import("@/db/schema");
    await getDb().update(users).set({ isActive: false }).where(eq(users.id, user.id));
    expect(await confirmActionLink(getDb(), token)).toEqual({ outcome: "refused" });
    expect((await readTicket(ticket.id)).status).toBe("new");
  });

  it("an incident someone else acknowledged first says who, and uses up the link", async () => {
    const { ticket, token, link } = await linkFor();
    const { user: other } = await createTestUser({ role: "engineer", name: "Park First" });
    await acknowledgeIncident(ctxFor(other), { number: ticket.number });
    expect(await confirmActionLink(getDb(), token)).toEqual({
      outcome: "already",
      number: ticket.number,
      action: "acknowledge",
      status: "acknowledged",
    });
    expect(await readTicket(ticket.id)).toMatchObject({ status: "acknowledged", assigneeId: other.id });
    const result = await viewActionLinkResult(getDb(), token);
    expect(result).toMatchObject({
      state: "done",
      actedBy: { id: other.id, name: "Park First", isLinkUser: false },
    });
    const [audit] = await getDb().select().from(auditLog).where(eq(auditLog.entityId, link.id));
    expect(audit.after).toMatchObject({ result: "already acknowledged" });
  });
});

describe("one-tap links after an acknowledgement timed out", () => {
  it("the re-notification's acknowledge link pauses the escalation again", async () => {
    const { createTestPolicy, linkTestPolicy, userTarget } = await import("@/tests/factories/escalation");
    const { createTestService } = await import("@/tests/factories");
    const { createTicket } = await import("@/lib/tickets/create");
    const { runDueEscalations } = await import("@/lib/oncall/escalation");
    const { incidentEscalations } = await import("@/db/schema");
    const { user: engineer } = await createTestUser({ role: "engineer", name: "Lee Timeout" });
    const { user: agent } = await createTestUser({ role: "agent" });
    const policy = await createTestPolicy([{ targets: [userTarget(engineer.id)] }], { ackTimeoutMinutes: 10 });
    const service = await createTestService();
    await linkTestPolicy("service", service.id, policy.id);
    const ticket = await createTicket(ctxFor(agent), {
      type: "incident",
      title: "Disk full again",
      serviceId: service.id,
    });
    const escalation = async () =>
      (await getDb().select().from(incidentEscalations).where(eq(incidentEscalations.ticketId, ticket.id)))[0];
    await runDueEscalations(getDb(), (await escalation()).nextAt as Date, { ticketId: ticket.id });
    await acknowledgeIncident(ctxFor(engineer), { number: ticket.number });
    const timeoutAt = (await escalation()).nextAt as Date;
    await runDueEscalations(getDb(), timeoutAt, { ticketId: ticket.id });
    expect(await escalation()).toMatchObject({ state: "active", generation: 2 });

    const token = await createActionLink(getDb(), { userId: engineer.id, ticketId: ticket.id, action: "acknowledge" });
    expect(await confirmActionLink(getDb(), token)).toEqual({
      outcome: "done",
      number: ticket.number,
      action: "acknowledge",
    });
    expect(await escalation()).toMatchObject({ state: "acknowledged", acknowledgedById: engineer.id });
    expect((await escalation()).nextAt).not.toBeNull();
    expect(await viewActionLinkResult(getDb(), token)).toMatchObject({ state: "done" });
  });
});
