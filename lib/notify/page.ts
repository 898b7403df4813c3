import { and, eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import {
  type NotificationChannel,
  notificationDeliveries,
  notificationRules,
  outboundWebhooks,
  pushSubscriptions,
  ticketActivities,
  tickets,
  users,
} from "@/db/schema";
import { pgArray } from "@/lib/engine/pg-array";

export const DELIVERY_CHANNEL = "wd_delivery";

// With no rules of their own, a user is emailed and pushed at once.
export const DEFAULT_RULES = [
  { channel: "email", delayMinutes: 0 },
  { channel: "push", delayMinutes: 0 },
] as const satisfies { channel: NotificationChannel; delayMinutes: number }[];

export type Page = {
  ticketId: string;
  userIds: string[];
  webhookIds?: string[];
  // "page" for an escalation step, "ack_timeout", "escalated" (by hand) …
  reason: string;
  // Unique per occasion (e.g. `esc:<ticket>:<generation>:<round>:<step>`): paging twice with one key pages once.
  key: string;
  // Shown on the timeline: which step, which schedule …
  detail?: Record<string, unknown>;
  now?: Date;
};

export type PagedDelivery = { id: string; channel: NotificationChannel; userId: string | null; dueAt: Date };

// Turns "page these people" into delivery rows by each person's notification rules, in the caller's transaction.
export async function pageUsers(tx: DbOrTx, page: Page): Promise<PagedDelivery[]> {
  const now = page.now ?? new Date();
  const [ticket] = await tx
    .select({ id: tickets.id, priority: tickets.priority })
    .from(tickets)
    .where(eq(tickets.id, page.ticketId));
  if (!ticket) return [];
  const userIds = [...new Set(page.userIds)];
  const people = userIds.length
    ? await tx
        .select({ id: users.id, email: users.email })
        .from(users)
        .where(and(inArray(users.id, userIds), eq(users.isActive, true)))
    : [];
  const ids = people.map((p) => p.id);
  const rules = ids.length
    ? await tx.select().from(notificationRules).where(inArray(notificationRules.userId, ids))
    : [];
  const subscriptions = ids.length
    ? await tx
        .select({ id: pushSubscriptions.id, userId: pushSubscriptions.userId })
        .from(pushSubscriptions)
        .where(inArray(pushSubscriptions.userId, ids))
    : [];
  const rows: (typeof notificationDeliveries.$inferInsert)[] = [];
  for (const person of people) {
    const own = rules.filter((r) => r.userId === person.id);
    const applicable = (own.length ? own : DEFAULT_RULES).filter(
      (r) => !("priorities" in r) || r.priorities.length === 0 || r.priorities.includes(ticket.priority),
    );
    for (const rule of applicable) {
      const dueAt = new Date(now.getTime() + rule.delayMinutes * 60_000);
      const targets =
        rule.channel === "email"
          ? [person.email]
          : subscriptions.filter((s) => s.userId === person.id).map((s) => s.id);
      for (const target of targets) {
        rows.push({
          ticketId: ticket.id,
          userId: person.id,
          channel: rule.channel,
          target,
          reason: page.reason,
          dedupeKey: `${page.key}:${person.id}:${rule.channel}:${target}:${rule.delayMinutes}`,
          dueAt,
          nextAttemptAt: dueAt,
          createdAt: now,
          data: page.detail ?? {},
        });
      }
    }
  }
  const webhookIds = [...new Set(page.webhookIds ?? [])];
  const hooks = webhookIds.length
    ? await tx
        .select({ id: outboundWebhooks.id })
        .from(outboundWebhooks)
        .where(and(inArray(outboundWebhooks.id, webhookIds), eq(outboundWebhooks.isActive, true)))
    : [];
  for (const hook of hooks) {
    rows.push({
      ticketId: ticket.id,
      userId: null,
      channel: "webhook",
      target: hook.id,
      reason: page.reason,
      dedupeKey: `${page.key}:webhook:${hook.id}`,
      dueAt: now,
      nextAttemptAt: now,
      createdAt: now,
      data: page.detail ?? {},
    });
  }
  const inserted = rows.length
    ? await tx.insert(notificationDeliveries).values(rows).onConflictDoNothing().returning({
        id: notificationDeliveries.id,
        channel: notificationDeliveries.channel,
        userId: notificationDeliveries.userId,
        dueAt: notificationDeliveries.dueAt,
      })
    : [];
  // The timeline says who was paged even when nobody had a way to be reached, so a silent page is visible.
  const isFirstTime = inserted.length > 0 || rows.length === 0;
  if (isFirstTime && (userIds.length || webhookIds.length)) {
    await tx.insert(ticketActivities).values({
      ticketId: ticket.id,
      kind: "notification",
      actorType: "system",
      createdAt: now,
      visibility: "internal",
      data: {
        event: "paged",
        reason: page.reason,
        key: page.key,
        userIds: ids,
        webhookIds: hooks.map((h) => h.id),
        deliveries: inserted.length,
        ...(page.detail ?? {}),
      },
    });
  }
  if (inserted.length) {
    await tx.execute(
      sql`select pg_notify(${DELIVERY_CHANNEL}, d) from unnest(${pgArray(inserted.map((d) => `${d.id} ${d.dueAt.getTime()}`))}::text[]) d`,
    );
  }
  return inserted;
}
