import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { type NotificationDelivery, notificationDeliveries, notificationRules, type Priority } from "@/db/schema";
import { pageUsers } from "@/lib/notify/page";
import { uniqueSuffix } from "./unique";

export type TestRule = { channel: "email" | "push"; delayMinutes?: number; priorities?: Priority[] };

export async function setTestRules(userId: string, rules: TestRule[]) {
  const db = getDb();
  await db.delete(notificationRules).where(eq(notificationRules.userId, userId));
  if (rules.length) {
    await db.insert(notificationRules).values(
      rules.map((r) => ({
        userId,
        channel: r.channel,
        delayMinutes: r.delayMinutes ?? 0,
        priorities: r.priorities ?? [],
      })),
    );
  }
}

// Pages people the way the escalation engine does, in a transaction of its own, and returns the delivery rows.
export async function pageForTest(input: {
  ticketId: string;
  userIds?: string[];
  webhookIds?: string[];
  reason?: string;
  now?: Date;
}): Promise<NotificationDelivery[]> {
  const db = getDb();
  const paged = await db.transaction((tx) =>
    pageUsers(tx, {
      ticketId: input.ticketId,
      userIds: input.userIds ?? [],
      webhookIds: input.webhookIds,
      reason: input.reason ?? "page",
      key: `test:${uniqueSuffix()}`,
      now: input.now,
    }),
  );
  if (!paged.length) return [];
  const rows = await Promise.all(
    paged.map((p) => db.select().from(notificationDeliveries).where(eq(notificationDeliveries.id, p.id))),
  );
  return rows.map(([row]) => row);
}

export async function readDelivery(id: string): Promise<NotificationDelivery> {
  const [row] = await getDb().select().from(notificationDeliveries).where(eq(notificationDeliveries.id, id));
  return row;
}
