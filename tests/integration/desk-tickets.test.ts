import { and, asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { auditLog, ticketActivities, ticketAttachments, tickets } from "@/db/schema";
import { bulkUpdateTickets } from "@/lib/tickets/bulk";
import { addComment } from "@/lib/tickets/comment";
import { createTicket } from "@/lib/tickets/create";
import { markDuplicate } from "@/lib/tickets/links";
import { loadTicketPage } from "@/lib/tickets/page";
import { listQueue } from "@/lib/tickets/queue";
import { searchTickets } from "@/lib/tickets/search";
import { updateTicket } from "@/lib/tickets/update";
import { deleteView, listViews, saveView } from "@/lib/tickets/views";
import { createTestUser, ctxFor, uniqueSuffix } from "@/tests/factories";
import { expectAppError } from "@/tests/support/errors";

async function agent() {
  return ctxFor((await createTestUser({ role: "agent" })).user);
}

const activitiesOf = (ticketId: string) =>
  getDb()
    .select()
    .from(ticketActivities)
    .where(eq(ticketActivities.ticketId, ticketId))
    .orderBy(asc(ticketActivities.id));

describe("creating tickets", () => {
  it("numbers incidents and requests apart, takes priority from impact × urgency, and audits", async () => {
    const ctx = await agent();
    const incident = await createTicket(ctx, {
      type: "incident",
      title: `Core switch down ${uniqueSuffix()}`,
      impact: 1,
      urgency: 2,
    });
    const request = await createTicket(ctx, { type: "service_request", title: `Laptop ${uniqueSuffix()}` });
    expect(incident.number).toMatch(/^INC-\d{6,}$/);
    expect(request.number).toMatch(/^REQ-\d{6,}$/);
    expect(incident).toMatchObject({ priority: "P2", status: "new", impact: 1, urgency: 2 });
    expect(request).toMatchObject({ priority: "P5", impact: 3, urgency: 3 });
    const [audit] = await getDb()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, incident.id), eq(auditLog.action, "ticket.create")));
    expect(audit.actorType).toBe("user");
    expect((await activitiesOf(incident.id)).map((a) => a.kind)).toEqual(["created"]);
  });

  it("lets agents declare a major incident (P1) but not engineers, and keeps script text verbatim", async () => {
    const title = `<img src=x onerror=alert(1)> ${uniqueSuffix()}`;
    const major = await createTicket(await agent(), { type: "incident", title, impact: 3, urgency: 3, isMajor: true });
    expect(major).toMatchObject({ priority: "P1", isMajor: true, title });
    const engineer = ctxFor((await createTestUser({ role: "engineer" })).user);
    await expectAppError(createTicket(engineer, { type: "incident", title: "x", isMajor: true }), "forbidden");
    expect((await createTicket(engineer, { type: "incident", title: "engineers open incidents" })).priority).toBe("P3");
  });

  it("refuses bad input naming the field and stores nothing", async () => {
    const ctx = await agent();
    const mine = eq(tickets.requesterId, (ctx.actor as { id: string }).id);
    const before = await getDb().$count(tickets, mine);
    const error = await expectAppError(createTicket(ctx, { type: "incident", title: "  ", impact: 4 }), "invalid");
    expect(Object.keys(error.details?.fields ?? {}).sort()).toEqual(["impact", "title"]);
    await expectAppError(
      createTicket(ctx, { title: "t", assigneeId: "00000000-0000-4000-8000-000000000000" }),
      "invalid",
    );
    expect(await getDb().$count(tickets, mine)).toBe(before);
  });
});

describe("the status state machine", () => {
  it("needs a reason to pend, a code and note to resolve, refuses skipping, and makes closed tickets read-only", async () => {
    const ctx = await agent();
    const t = await createTicket(ctx, { type: "service_request", title: `VPN ${uniqueSuffix()}` });
    const noReason = await expectAppError(updateTicket(ctx, { number: t.number, status: "pending" }), "invalid");
    expect(noReason.details?.fields).toHaveProperty("pendingReason");
    const pending = await updateTicket(ctx, {
      number: t.number,
      status: "pending",
      pendingReason: "Waiting for approval",
    });
    expect(pending).toMatchObject({ status: "pending", pendingReason: "Waiting for approval", version: 2 });
    await expectAppError(updateTicket(ctx, { number: t.number, status: "closed" }), "conflict");
    const noCode = await expectAppError(updateTicket(ctx, { number: t.number, status: "resolved" }), "invalid");
    expect(Object.keys(noCode.details?.fields ?? {}).sort()).toEqual(["resolutionCode", "resolutionNote"]);
    const resolved = await updateTicket(ctx, {
      number: t.number,
      status: "resolved",
      resolutionCode: "fixed",
      resolutionNote: "Granted",
    });
    expect(resolved).toMatchObject({ status: "resolved", resolutionCode: "fixed", pendingReason: null });
    expect(resolved.resolvedAt).toBeInstanceOf(Date);
    const reopened = await updateTicket(ctx, { number: t.number, status: "in_progress" });
    expect(reopened).toMatchObject({ status: "new", resolvedAt: null, resolutionCode: null });
    await updateTicket(ctx, {
      number: t.number,
      status: "resolved",
      resolutionCode: "workaround",
      resolutionNote: "ok",
    });
    const closed = await updateTicket(ctx, { number: t.number, status: "closed" });
    expect(closed.closedAt).toBeInstanceOf(Date);
    await expectAppError(updateTicket(ctx, { number: t.number, title: "changed" }), "conflict");
    await expectAppError(addComment(ctx, { number: t.number, body: "late" }), "conflict");
    const changes = (await activitiesOf(t.id))
      .filter((a) => a.kind === "status_change")
      .map((a) => (a.data as { to: string }).to);
    expect(changes).toEqual(["pending", "resolved", "new", "resolved", "closed"]);
  });

  it("reopens only within the window", async () => {
    const ctx = await agent();
    const t = await createTicket(ctx, { type: "incident", title: `Old ${uniqueSuffix()}` });
    await updateTicket(ctx, { number: t.number, status: "resolved", resolutionCode: "fixed", resolutionNote: "done" });
    await getDb()
      .update(tickets)
      .set({ resolvedAt: new Date(Date.now() - 8 * 86_400_000) })
      .where(eq(tickets.id, t.id));
    const error = await expectAppError(updateTicket(ctx, { number: t.number, status: "in_progress" }), "conflict");
    expect(error.message).toContain("more than 7 days ago");
  });

  it("recomputes priority from impact and urgency, and audits a major override separately", async () => {
    const ctx = await agent();
    const t = await createTicket(ctx, { type: "incident", title: `Slow ERP ${uniqueSuffix()}`, impact: 3, urgency: 3 });
    expect((await updateTicket(ctx, { number: t.number, urgency: 1 })).priority).toBe("P3");
    expect((await updateTicket(ctx, { number: t.number, isMajor: true })).priority).toBe("P1");
    expect((await updateTicket(ctx, { number: t.number, isMajor: false })).priority).toBe("P3");
    const actions = (
      await getDb().select().from(auditLog).where(eq(auditLog.entityId, t.id)).orderBy(asc(auditLog.id))
    ).map((a) => a.action);
    expect(actions).toEqual(["ticket.create", "ticket.update", "ticket.major", "ticket.major"]);
  });
});

describe("concurrent edits", () => {
  it("refuses a stale version, saying who changed which fields, and accepts the retry", async () => {
    const first = await agent();
    const second = await agent();
    const t = await createTicket(first, { type: "incident", title: `Mail queue ${uniqueSuffix()}` });
    await updateTicket(first, { number: t.number, version: 1, title: "Mail queue growing" });
    const error = await expectAppError(updateTicket(second, { number: t.number, version: 1, urgency: 1 }), "conflict");
    const extra = error.details?.extra as {
      currentVersion: number;
      changes: { field: string; by: string; to: unknown }[];
    };
    expect(extra.currentVersion).toBe(2);
    expect(extra.changes).toEqual([
      expect.objectContaining({
        field: "title",
        to: "Mail queue growing",
        by: (first.actor as { label: string }).label,
      }),
    ]);
    expect((await getDb().query.tickets.findFirst({ where: eq(tickets.id, t.id) }))?.urgency).toBe(2);
    const saved = await updateTicket(second, { number: t.number, version: extra.currentVersion, urgency: 1 });
    expect(saved).toMatchObject({ title: "Mail queue growing", urgency: 1, version: 3 });
  });
});

describe("comments and what requesters see", () => {
  it("keeps internal notes off the requester's view and refuses requesters' internal notes and other people's tickets", async () => {
    const { user: requester } = await createTestUser({ role: "requester" });
    const other = ctxFor((await createTestUser({ role: "requester" })).user);
    const ctx = await agent();
    const t = await createTicket(ctx, {
      type: "service_request",
      title: `Printer ${uniqueSuffix()}`,
      requesterId: requester.id,
    });
    await addComment(ctx, { number: t.number, body: "internal: toner is on back order", internal: true });
    await addComment(ctx, { number: t.number, body: "We ordered toner for you" });
    const asRequester = ctxFor(requester);
    await addComment(asRequester, { number: t.number, body: "Thanks!" });
    await expectAppError(addComment(asRequester, { number: t.number, body: "x", internal: true }), "forbidden");
    await expectAppError(addComment(other, { number: t.number, body: "x" }), "not_found");
    const seen = await loadTicketPage(asRequester, t.number);
    expect(seen.timeline.map((e) => e.body).filter(Boolean)).toEqual(["Thanks!", "We ordered toner for you"]);
    await expectAppError(loadTicketPage(other, t.number), "not_found");
    const staff = await loadTicketPage(ctx, t.number);
    expect(staff.timeline.filter((e) => e.kind === "comment")).toHaveLength(3);
  });

  it("stores allowed attachments and refuses oversized or disallowed files with nothing written", async () => {
    const ctx = await agent();
    const t = await createTicket(ctx, { type: "incident", title: `Logs ${uniqueSuffix()}` });
    const ok = await addComment(ctx, { number: t.number, body: "log attached" }, [
      { filename: "app.log", contentType: "text/plain", data: Buffer.from("error at line 1\n") },
    ]);
    expect(ok.attachments).toEqual([
      expect.objectContaining({ filename: "app.log", contentType: "text/plain", sizeBytes: 16 }),
    ]);
    const commentsBefore = (await activitiesOf(t.id)).length;
    const tooBig = Buffer.alloc(10 * 1024 * 1024 + 1, 1);
    await expectAppError(
      addComment(ctx, { number: t.number, body: "big" }, [
        { filename: "dump.zip", contentType: "application/zip", data: tooBig },
      ]),
      "too_large",
    );
    const error = await expectAppError(
      addComment(ctx, { number: t.number, body: "page" }, [
        { filename: "evil.html", contentType: "text/html", data: Buffer.from("<script>") },
      ]),
      "invalid",
    );
    expect(error.message).toContain(".html");
    await expectAppError(
      addComment(ctx, { number: t.number, body: "svg" }, [
        { filename: "x.svg", contentType: "image/svg+xml", data: Buffer.from("<svg/>") },
      ]),
      "invalid",
    );
    expect((await activitiesOf(t.id)).length).toBe(commentsBefore);
    expect(await getDb().$count(ticketAttachments, eq(ticketAttachments.ticketId, t.id))).toBe(1);
  });
});

describe("search", () => {
  it("finds Korean and English words in titles, descriptions and comments, and numbers", async () => {
    const ctx = await agent();
    const tag = uniqueSuffix();
    const a = await createTicket(ctx, {
      type: "incident",
      title: `메일 서버 장애 ${tag}`,
      description: "SMTP relay timeout",
    });
    const b = await createTicket(ctx, { type: "service_request", title: `VPN access ${tag}` });
    await addComment(ctx, { number: b.number, body: `인증서 갱신 필요 certificate renewal ${tag}` });
    const found = async (q: string) => (await searchTickets(ctx, { q: `${q} ${tag}` })).map((r) => r.number);
    expect(await found("장애")).toEqual([a.number]);
    expect(await found("서버 장애")).toEqual([a.number]);
    expect(await found("relay")).toEqual([a.number]);
    expect(await found("인증서")).toEqual([b.number]);
    expect(await found("renew")).toEqual([b.number]);
    expect(await found("vpn")).toEqual([b.number]);
    expect(await found("장애 vpn")).toEqual([]);
    expect((await searchTickets(ctx, { q: a.number.toLowerCase() })).map((r) => r.number)).toContain(a.number);
    await expectAppError(searchTickets(ctx, { q: " " }), "invalid");
    const requester = ctxFor((await createTestUser({ role: "requester" })).user);
    await expectAppError(searchTickets(requester, { q: "vpn" }), "forbidden");
  });
});

describe("queues", () => {
  it("pages through any sort with keyset cursors without gaps or repeats", async () => {
    const ctx = await agent();
    const tag = uniqueSuffix();
    const made = [];
    for (let i = 0; i < 7; i++) {
      made.push(
        await createTicket(ctx, {
          type: "incident",
          title: `Batch ${tag} ${i}`,
          impact: ((i % 3) + 1) as 1,
          urgency: 2,
        }),
      );
    }
    for (const sort of ["newest", "oldest", "updated", "priority"] as const) {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await listQueue(ctx, { view: "all", q: `batch ${tag}`, sort, limit: 3, cursor });
        seen.push(...page.rows.map((r) => r.number));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(seen.sort()).toEqual(made.map((t) => t.number).sort());
    }
    const byPriority = await listQueue(ctx, { view: "all", q: `batch ${tag}`, sort: "priority" });
    expect(byPriority.rows.map((r) => r.priority)).toEqual(["P2", "P2", "P2", "P3", "P3", "P4", "P4"]);
    await expectAppError(listQueue(ctx, { view: "all", sort: "oldest", cursor: "bogus" }), "invalid");
    await expectAppError(listQueue(ctx, { createdFrom: "2026-02-01", createdTo: "2026-01-01" }), "invalid");
  });

  it("shows each view its own tickets", async () => {
    const { user: me } = await createTestUser({ role: "agent" });
    const ctx = ctxFor(me);
    const tag = uniqueSuffix();
    const mine = await createTicket(ctx, { type: "incident", title: `Mine ${tag}`, assigneeId: me.id });
    const nobody = await createTicket(ctx, { type: "incident", title: `Nobody ${tag}` });
    const done = await createTicket(ctx, { type: "incident", title: `Done ${tag}`, assigneeId: me.id });
    await updateTicket(ctx, { number: done.number, status: "resolved", resolutionCode: "fixed", resolutionNote: "ok" });
    const numbers = async (view: "mine" | "unassigned" | "resolved") =>
      (await listQueue(ctx, { view, q: tag })).rows.map((r) => r.number);
    expect(await numbers("mine")).toEqual([mine.number]);
    expect(await numbers("unassigned")).toEqual([nobody.number]);
    expect(await numbers("resolved")).toEqual([done.number]);
  });

  it("saves views per user", async () => {
    const ctx = await agent();
    const other = await agent();
    const view = await saveView(ctx, { name: "P1 network", query: { view: "open", priority: "P1", bogus: "x" } });
    expect(view.query).toEqual({ view: "open", priority: "P1" });
    await saveView(ctx, { name: "p1 NETWORK", query: { view: "open", priority: "P1,P2" } });
    expect((await listViews(ctx)).map((v) => v.query)).toEqual([{ view: "open", priority: "P1,P2" }]);
    expect(await listViews(other)).toEqual([]);
    await expectAppError(saveView(ctx, { name: "bad", query: { priority: "P9" } }), "invalid");
    await expectAppError(deleteView(other, { viewId: view.id }), "not_found");
    await deleteView(ctx, { viewId: view.id });
    expect(await listViews(ctx)).toEqual([]);
  });
});

describe("bulk changes and merging", () => {
  it("assigns and reprioritises several tickets, one transaction and audit entry each, reporting the ones that cannot move", async () => {
    const { user: me } = await createTestUser({ role: "agent" });
    const ctx = ctxFor(me);
    const a = await createTicket(ctx, { type: "incident", title: `Bulk a ${uniqueSuffix()}` });
    const b = await createTicket(ctx, { type: "incident", title: `Bulk b ${uniqueSuffix()}` });
    const results = await bulkUpdateTickets(ctx, { numbers: [a.number, b.number], assigneeId: me.id, priority: "P2" });
    expect(results.every((r) => r.ok)).toBe(true);
    for (const t of [a, b]) {
      expect(await getDb().query.tickets.findFirst({ where: eq(tickets.id, t.id) })).toMatchObject({
        assigneeId: me.id,
        priority: "P2",
        impact: 1,
        urgency: 2,
      });
    }
    await updateTicket(ctx, { number: b.number, status: "resolved", resolutionCode: "fixed", resolutionNote: "x" });
    const partial = await bulkUpdateTickets(ctx, { numbers: [a.number, b.number], status: "in_progress" });
    expect(partial).toEqual([{ number: a.number, ok: true }, expect.objectContaining({ number: b.number, ok: true })]);
    const engineer = ctxFor((await createTestUser({ role: "engineer" })).user);
    await expectAppError(bulkUpdateTickets(engineer, { numbers: [a.number], priority: "P1" }), "forbidden");
  });

  it("merges a duplicate's comments into the surviving ticket and closes it", async () => {
    const ctx = await agent();
    const master = await createTicket(ctx, { type: "incident", title: `Wifi down 3F ${uniqueSuffix()}` });
    const dup = await createTicket(ctx, { type: "incident", title: `No wifi ${uniqueSuffix()}` });
    await addComment(ctx, { number: dup.number, body: "Reported by reception", internal: true });
    const result = await markDuplicate(ctx, { number: dup.number, duplicateOf: master.number });
    expect(result.copiedComments).toBe(1);
    expect(result.duplicate).toMatchObject({ status: "closed", duplicateOfId: master.id, resolutionCode: "duplicate" });
    const page = await loadTicketPage(ctx, master.number);
    expect(page.timeline.find((e) => e.kind === "comment")).toMatchObject({
      body: "Reported by reception",
      visibility: "internal",
    });
    expect(page.duplicates.map((d) => d.number)).toEqual([dup.number]);
    await expectAppError(markDuplicate(ctx, { number: dup.number, duplicateOf: master.number }), "conflict");
  });

  it("links parent and child and refuses cycles", async () => {
    const ctx = await agent();
    const parent = await createTicket(ctx, { type: "incident", title: `Outage ${uniqueSuffix()}` });
    const child = await createTicket(ctx, {
      type: "incident",
      title: `Branch ${uniqueSuffix()}`,
      parentNumber: parent.number,
    });
    expect(child.parentId).toBe(parent.id);
    await expectAppError(updateTicket(ctx, { number: parent.number, parentNumber: child.number }), "invalid");
    await expectAppError(updateTicket(ctx, { number: parent.number, parentNumber: parent.number }), "invalid");
    expect((await loadTicketPage(ctx, parent.number)).children.map((c) => c.number)).toEqual([child.number]);
  });
});
