import { eq } from "drizzle-orm";
import { createTranslator } from "next-intl";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { type Priority, type Ticket, type TicketStatus, ticketActivities, tickets } from "@/db/schema";
import { messagesFor } from "@/lib/i18n/messages";
import { slaBadgeView } from "@/lib/sla/badge-labels";
import { primaryBadge, slaBadges } from "@/lib/sla/badges";
import { markDueClocks } from "@/lib/sla/marks";
import { refreshSlaClocks } from "@/lib/sla/refresh";
import { listQueue } from "@/lib/tickets/queue";
import {
  ALWAYS,
  createTestTeam,
  createTestUser,
  ctxFor,
  insertCalendar,
  insertIncident,
  insertPolicy,
} from "@/tests/factories";

const T0 = new Date("2026-12-01T01:00:00Z");
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
const NOW = at(48);

async function history(ticket: Ticket, changes: [number, TicketStatus][]) {
  await getDb()
    .insert(ticketActivities)
    .values(
      changes.map(([minutes, to]) => ({
        ticketId: ticket.id,
        kind: "status_change" as const,
        actorType: "system" as const,
        data: { to },
        createdAt: at(minutes),
      })),
    );
  await getDb()
    .update(tickets)
    .set({ status: changes[changes.length - 1][1] })
    .where(eq(tickets.id, ticket.id));
}

// One team with a 24×7 policy: P3 answers in 60 minutes and resolves in 240; P2 in 50 and 60.
async function desk(warnPercent = 75) {
  const team = await createTestTeam();
  const calendar = await insertCalendar({ hours: ALWAYS });
  const policy = await insertPolicy(
    calendar,
    team.id,
    {
      P2: { response: 50, resolution: 60 },
      P3: { response: 60, resolution: 240 },
      P4: { response: 120, resolution: 480 },
    },
    { warnPercent },
  );
  const { user } = await createTestUser({ role: "agent" });
  const ctx = ctxFor(user);
  const ticket = async (createdMinutes: number, changes: [number, TicketStatus][] = [], priority: Priority = "P3") => {
    const row = await insertIncident({ teamId: team.id, priority, createdAt: at(createdMinutes) });
    if (changes.length) await history(row, changes);
    return row;
  };
  const list = async (view: "breaching" | "breached", now = NOW, cursor?: string, limit = 50) =>
    listQueue(ctx, { view, teamId: team.id, cursor, limit }, now);
  return { team, policy, ctx, ticket, list };
}

const numbers = (rows: { number: string }[]) => rows.map((r) => r.number);

describe("SLA queue views", () => {
  it("lists a ticket at 80 % of its response target in Breaching soon with twelve minutes left; a paused one is not", async () => {
    const { ctx, ticket, list, policy } = await desk();
    const warned = await ticket(0);
    const fresh = await ticket(30);
    const paused = await ticket(0, [[5, "pending"]]);
    await refreshSlaClocks(getDb(), [warned.id, fresh.id, paused.id], NOW);

    expect(numbers((await list("breaching")).rows)).toEqual([warned.number]);
    expect((await list("breached")).rows).toEqual([]);

    const badges = await slaBadges(ctx, [warned.id, fresh.id, paused.id], NOW);
    expect(badges.get(warned.id)).toMatchObject([
      { metric: "response", state: "warning", remainingSeconds: 720, elapsedSeconds: 2880, targetSeconds: 3600 },
      { metric: "resolution", state: "running", remainingSeconds: 192 * 60, elapsedSeconds: 48 * 60 },
    ]);
    expect(badges.get(warned.id)?.[0]).toMatchObject({ policyName: policy.name, dueAt: at(60), isAlwaysOpen: true });
    expect(primaryBadge(badges.get(warned.id))).toMatchObject({ metric: "response", state: "warning" });
    expect(primaryBadge(badges.get(fresh.id))).toMatchObject({ state: "running", remainingSeconds: 42 * 60 });
    expect(primaryBadge(badges.get(paused.id))).toMatchObject({ state: "paused", remainingSeconds: 55 * 60 });
  });

  it("uses the policy's warn percent: at 80 % of a 90 % policy the clock is still on track", async () => {
    const { ctx, ticket, list } = await desk(90);
    const row = await ticket(0);
    await refreshSlaClocks(getDb(), [row.id], NOW);
    expect((await list("breaching")).rows).toEqual([]);
    expect(primaryBadge((await slaBadges(ctx, [row.id], NOW)).get(row.id))?.state).toBe("running");
    expect(numbers((await list("breaching", at(55))).rows)).toEqual([row.number]);
  });

  it("puts overdue open tickets in Breached, most overdue first, and never in Breaching soon as well", async () => {
    const { ctx, ticket, list } = await desk();
    // Response due 60 minutes ago; resolution at 70 % of its target.
    const late = await ticket(-120);
    // Response due 90 minutes ago; resolution at 82.5 %, which would warn, but the breach outranks it.
    const later = await ticket(-150);
    // Breached its response, then resolved: no longer anyone's work.
    const done = await ticket(-180, [[-60, "resolved"]]);
    await refreshSlaClocks(getDb(), [late.id, later.id, done.id], NOW);

    expect(numbers((await list("breached")).rows)).toEqual([later.number, late.number]);
    expect((await list("breaching")).rows).toEqual([]);

    const badges = await slaBadges(ctx, [late.id, done.id], NOW);
    expect(primaryBadge(badges.get(late.id))).toMatchObject({
      metric: "response",
      state: "breached",
      remainingSeconds: -108 * 60,
    });
    expect(badges.get(done.id)).toMatchObject([
      { metric: "response", state: "breached", remainingSeconds: null },
      { metric: "resolution", state: "met", remainingSeconds: null },
    ]);
    expect(primaryBadge(badges.get(done.id))).toMatchObject({ metric: "resolution", state: "met" });
  });

  it("moves a warning ticket to Breached as soon as it is due, before and after the breach mark is written", async () => {
    const { ctx, ticket, list } = await desk();
    const row = await ticket(0);
    await refreshSlaClocks(getDb(), [row.id], NOW);
    const due = at(61);
    expect(numbers((await list("breached", due)).rows)).toEqual([row.number]);
    expect((await list("breaching", due)).rows).toEqual([]);
    const marks = await markDueClocks(getDb(), due, { ticketId: row.id, metric: "response" });
    expect(marks).toMatchObject([{ mark: "breach" }]);
    expect(numbers((await list("breached", due)).rows)).toEqual([row.number]);

    // A lower priority moves the due time past now, but a marked breach stays a breach.
    await getDb().update(tickets).set({ priority: "P4" }).where(eq(tickets.id, row.id));
    await refreshSlaClocks(getDb(), [row.id], due);
    expect(numbers((await list("breached", due)).rows)).toEqual([row.number]);
    expect((await list("breaching", at(100))).rows).toEqual([]);
    expect(primaryBadge((await slaBadges(ctx, [row.id], due)).get(row.id))).toMatchObject({
      state: "breached",
      remainingSeconds: 59 * 60,
    });
  });

  it("lists a ticket whose two clocks both warn once, by the one due first, and pages by due time", async () => {
    const { ticket, list } = await desk();
    const both = await ticket(0, [], "P2");
    const one = await ticket(0);
    const fresh = await ticket(40);
    await refreshSlaClocks(getDb(), [both.id, one.id, fresh.id], NOW);

    const all = await list("breaching");
    expect(numbers(all.rows)).toEqual([both.number, one.number]);

    const first = await list("breaching", NOW, undefined, 1);
    expect(numbers(first.rows)).toEqual([both.number]);
    expect(first.nextCursor).toBeTruthy();
    const second = await list("breaching", NOW, first.nextCursor ?? undefined, 1);
    expect(numbers(second.rows)).toEqual([one.number]);
    expect(second.nextCursor).toBeNull();
  });

  it("words remaining business time in each language, in days only on a calendar that never closes", async () => {
    const { ctx, ticket } = await desk();
    const row = await ticket(0);
    await refreshSlaClocks(getDb(), [row.id], NOW);
    const [response, resolution] = (await slaBadges(ctx, [row.id], NOW)).get(row.id) ?? [];
    const view = (locale: "en" | "ko", badge: typeof response) => {
      const t = createTranslator({ locale, messages: messagesFor(locale), namespace: "slaClock" });
      return slaBadgeView(badge, (key, values) => t(key as never, values as never));
    };
    expect(view("en", response)).toEqual({ state: "warning", label: "Response 12m left", title: "Breaching soon" });
    expect(view("ko", response)).toEqual({ state: "warning", label: "응답 12분 남음", title: "위반 임박" });
    expect(view("ko", resolution).label).toBe("해결 3시간 12분 남음");
    const long = { ...resolution, remainingSeconds: (2 * 24 + 3) * 3600 + 120 };
    expect(view("ko", long).label).toBe("해결 2일 3시간 남음");
    expect(view("en", long).label).toBe("Resolution 2d 3h left");
    expect(view("ko", { ...long, isAlwaysOpen: false }).label).toBe("해결 51시간 2분 남음");
    expect(view("en", { ...response, state: "breached", remainingSeconds: -3600 }).label).toBe("Response 1h over");
  });

  it("refuses SLA views and badges to a requester", async () => {
    const { user } = await createTestUser({ role: "requester" });
    await expect(listQueue(ctxFor(user), { view: "breaching" })).rejects.toMatchObject({ code: "forbidden" });
    await expect(slaBadges(ctxFor(user), [])).rejects.toMatchObject({ code: "forbidden" });
  });
});
