import { and, asc, eq, lte, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import {
  incidentEscalations,
  type Locale,
  type NotificationDelivery,
  notificationDeliveries,
  outboundWebhooks,
  pushSubscriptions,
  ticketActivities,
  users,
} from "@/db/schema";
import { env } from "@/lib/env";
import { isOpen } from "@/lib/tickets/status";
import { isEmailConfigured, maskEmail, sendEmail } from "./email";
import { actionLinkUrl, createActionLink, deliveryActionLink } from "./links";
import { emailMessage, type IncidentFacts, incidentFacts, pushPayload, type Recipient, webhookBody } from "./message";
import { sendPush } from "./push";
import { ChannelError, describeError } from "./send-error";
import { sendWebhook } from "./webhook";

// How long a worker holds a claimed delivery while it talks to the channel; longer than any channel timeout.
export const DELIVERY_LEASE_MS = 120_000;
export const RETRY_BASE_MS = 5_000;
export const RETRY_CAP_MS = 300_000;
// The Postgres-side sweep picks up pending deliveries this late, so it never races the fast path.
export const SWEEP_GRACE_MS = 5_000;

// 5 s, 10 s, 20 s … capped at 5 min, after the n-th failed attempt.
export function retryDelayMs(attempts: number): number {
  return Math.min(RETRY_BASE_MS * 2 ** Math.max(0, attempts - 1), RETRY_CAP_MS);
}

export type DeliveryOutcome =
  | { outcome: "busy" }
  | { outcome: "missing" }
  | { outcome: "not_pending"; status: NotificationDelivery["status"] }
  | { outcome: "not_due"; nextAttemptAt: Date }
  | { outcome: "skipped"; reason: string }
  | { outcome: "sent"; attempts: number }
  | { outcome: "retry"; attempts: number; nextAttemptAt: Date; error: string }
  | { outcome: "failed"; attempts: number; error: string };

type Claimed = {
  delivery: NotificationDelivery;
  incident: IncidentFacts;
  recipient: (Recipient & { id: string; email: string }) | null;
  subscription: typeof pushSubscriptions.$inferSelect | null;
  webhook: typeof outboundWebhooks.$inferSelect | null;
};

// Sends one delivery at most once however many workers hold its id: a short transaction claims it (a lease in
// next_attempt_at), the channel is called outside any transaction, and a second short one records the result.
export async function deliverNotification(db: Db, deliveryId: string, now = new Date()): Promise<DeliveryOutcome> {
  const claim = await db.transaction(async (tx): Promise<DeliveryOutcome | Claimed> => {
    const [delivery] = await tx
      .select()
      .from(notificationDeliveries)
      .where(eq(notificationDeliveries.id, deliveryId))
      .for("update", { skipLocked: true });
    if (!delivery) {
      const [exists] = await tx
        .select({ id: notificationDeliveries.id })
        .from(notificationDeliveries)
        .where(eq(notificationDeliveries.id, deliveryId));
      return exists ? { outcome: "busy" } : { outcome: "missing" };
    }
    if (delivery.status !== "pending") return { outcome: "not_pending", status: delivery.status };
    const dueAt = delivery.nextAttemptAt ?? delivery.dueAt;
    if (dueAt > now) return { outcome: "not_due", nextAttemptAt: dueAt };
    const incident = await incidentFacts(tx, delivery.ticketId);
    if (!incident) return { outcome: "missing" };
    const [user] = delivery.userId ? await tx.select().from(users).where(eq(users.id, delivery.userId)) : [];
    const [subscription] =
      delivery.channel === "push"
        ? await tx.select().from(pushSubscriptions).where(eq(pushSubscriptions.id, delivery.target))
        : [];
    const [webhook] =
      delivery.channel === "webhook"
        ? await tx.select().from(outboundWebhooks).where(eq(outboundWebhooks.id, delivery.target))
        : [];
    const [escalation] = await tx
      .select({ state: incidentEscalations.state, updatedAt: incidentEscalations.updatedAt })
      .from(incidentEscalations)
      .where(eq(incidentEscalations.ticketId, delivery.ticketId));
    const skip = skipReason({ delivery, incident, user, subscription, webhook, escalation });
    if (skip) {
      await tx
        .update(notificationDeliveries)
        .set({ status: "skipped", lastError: skip, nextAttemptAt: null })
        .where(eq(notificationDeliveries.id, delivery.id));
      return { outcome: "skipped", reason: skip };
    }
    await tx
      .update(notificationDeliveries)
      .set({ nextAttemptAt: new Date(now.getTime() + DELIVERY_LEASE_MS) })
      .where(eq(notificationDeliveries.id, delivery.id));
    return {
      delivery,
      incident,
      recipient: user
        ? {
            id: user.id,
            email: user.email,
            name: user.name,
            locale: (user.locale ?? env().DEFAULT_LOCALE) as Locale,
            timeZone: user.timezone || env().DEFAULT_TIMEZONE,
          }
        : null,
      subscription: subscription ?? null,
      webhook: webhook ?? null,
    };
  });
  if ("outcome" in claim) return claim;

  const started = Date.now();
  let failure: ChannelError | undefined;
  try {
    await send(db, claim, now);
  } catch (error) {
    failure = error instanceof ChannelError ? error : new ChannelError(describeError(error));
  }
  const finishedAt = new Date(now.getTime() + (Date.now() - started));
  return record(db, claim, failure, finishedAt);
}

function skipReason(input: {
  delivery: NotificationDelivery;
  incident: IncidentFacts;
  user: typeof users.$inferSelect | undefined;
  subscription: typeof pushSubscriptions.$inferSelect | undefined;
  webhook: typeof outboundWebhooks.$inferSelect | undefined;
  escalation?: { state: string; updatedAt: Date };
}): string | null {
  const { delivery, incident, escalation } = input;
  if (!isOpen(incident.status)) return `incident is ${incident.status}`;
  const isDelayed = delivery.dueAt.getTime() > delivery.createdAt.getTime();
  // Re-pages (ack timeout, Escalate) come while the incident is already acknowledged: acknowledging it again is
  // what pauses its escalation, so a delayed one is skipped once that happened after it was created.
  if (
    isDelayed &&
    escalation?.state === "acknowledged" &&
    escalation.updatedAt.getTime() >= delivery.createdAt.getTime()
  ) {
    return "incident was acknowledged before this delayed notification was due";
  }
  if (
    delivery.reason === "page" &&
    isDelayed &&
    incident.acknowledgedAt &&
    incident.acknowledgedAt.getTime() >= delivery.createdAt.getTime()
  ) {
    return "incident was acknowledged before this delayed notification was due";
  }
  if (delivery.channel !== "webhook") {
    if (!input.user) return "the user no longer exists";
    if (!input.user.isActive) return "the user is deactivated";
  }
  if (delivery.channel === "email" && !isEmailConfigured()) return "email is not configured (set SMTP_URL)";
  if (delivery.channel === "push" && !input.subscription) return "the push subscription was removed";
  if (delivery.channel === "webhook") {
    if (!input.webhook) return "the webhook was deleted";
    if (!input.webhook.isActive) return "the webhook is disabled";
  }
  return null;
}

async function send(db: Db, claim: Claimed, now: Date) {
  const { delivery, incident, recipient } = claim;
  if (delivery.channel === "webhook" && claim.webhook) {
    await sendWebhook(
      claim.webhook,
      webhookBody({ incident, reason: delivery.reason, format: claim.webhook.format, at: now }),
    );
    return;
  }
  if (!recipient) throw new ChannelError("no recipient", { isPermanent: true });
  // The first attempt makes fresh links; a retry reuses them, so an earlier message's buttons keep working.
  const makeLink = (action: "acknowledge" | "resolve") => {
    const input = { userId: recipient.id, ticketId: incident.id, action, deliveryId: delivery.id };
    return (delivery.attempts === 0 ? createActionLink(db, input, now) : deliveryActionLink(db, input, now)).then(
      actionLinkUrl,
    );
  };
  if (delivery.channel === "email") {
    const [acknowledge, resolve] = await Promise.all([makeLink("acknowledge"), makeLink("resolve")]);
    await sendEmail(
      delivery.target,
      emailMessage({ incident, recipient, reason: delivery.reason, links: { acknowledge, resolve } }),
    );
    return;
  }
  if (delivery.channel === "push" && claim.subscription) {
    const acknowledgeUrl = await makeLink("acknowledge");
    await sendPush(
      claim.subscription,
      pushPayload({ incident, recipient, reason: delivery.reason, acknowledgeUrl }),
      incident.priority,
    );
    return;
  }
  throw new ChannelError(`unknown channel ${delivery.channel}`, { isPermanent: true });
}

async function record(db: Db, claim: Claimed, failure: ChannelError | undefined, at: Date): Promise<DeliveryOutcome> {
  const { delivery } = claim;
  const attempts = delivery.attempts + 1;
  return db.transaction(async (tx) => {
    if (!failure) {
      await tx
        .update(notificationDeliveries)
        .set({ status: "sent", sentAt: at, attempts, lastError: null, nextAttemptAt: null })
        .where(and(eq(notificationDeliveries.id, delivery.id), eq(notificationDeliveries.status, "pending")));
      if (claim.subscription) {
        await tx
          .update(pushSubscriptions)
          .set({ lastSuccessAt: at })
          .where(eq(pushSubscriptions.id, claim.subscription.id));
      }
      return { outcome: "sent", attempts };
    }
    const error = failure.message.slice(0, 1000);
    const isFinal = failure.isPermanent || attempts >= env().NOTIFY_MAX_ATTEMPTS;
    if (!isFinal) {
      const nextAttemptAt = new Date(at.getTime() + retryDelayMs(attempts));
      await tx
        .update(notificationDeliveries)
        .set({ attempts, lastError: error, nextAttemptAt })
        .where(and(eq(notificationDeliveries.id, delivery.id), eq(notificationDeliveries.status, "pending")));
      return { outcome: "retry", attempts, nextAttemptAt, error };
    }
    await tx
      .update(notificationDeliveries)
      .set({ status: "failed", attempts, lastError: error, nextAttemptAt: null })
      .where(and(eq(notificationDeliveries.id, delivery.id), eq(notificationDeliveries.status, "pending")));
    if (failure.isGone && claim.subscription) {
      await tx.delete(pushSubscriptions).where(eq(pushSubscriptions.id, claim.subscription.id));
    }
    await tx.insert(ticketActivities).values({
      ticketId: delivery.ticketId,
      kind: "notification",
      visibility: "internal",
      actorType: "system",
      createdAt: at,
      data: {
        event: "delivery_failed",
        deliveryId: delivery.id,
        channel: delivery.channel,
        userId: delivery.userId,
        target: deliveryTargetLabel(claim),
        error,
        attempts,
      },
    });
    return { outcome: "failed", attempts, error };
  });
}

function deliveryTargetLabel(claim: Claimed): string {
  const { delivery } = claim;
  if (delivery.channel === "email") return maskEmail(delivery.target);
  if (delivery.channel === "push") {
    const endpoint = claim.subscription?.endpoint;
    return claim.subscription?.label || (endpoint ? new URL(endpoint).host : delivery.target);
  }
  return claim.webhook?.name ?? delivery.target;
}

export type DueDelivery = { id: string; attempts: number; at: number };

// Pending deliveries whose time came at least SWEEP_GRACE_MS ago: their job was lost (Redis flushed, a worker died
// holding the lease), so the workers enqueue them again.
export async function overdueDeliveries(db: Db, now = new Date(), limit = 500): Promise<DueDelivery[]> {
  const rows = await db
    .select({
      id: notificationDeliveries.id,
      attempts: notificationDeliveries.attempts,
      at: notificationDeliveries.nextAttemptAt,
    })
    .from(notificationDeliveries)
    .where(
      and(
        eq(notificationDeliveries.status, "pending"),
        lte(notificationDeliveries.nextAttemptAt, new Date(now.getTime() - SWEEP_GRACE_MS)),
      ),
    )
    .orderBy(asc(notificationDeliveries.nextAttemptAt))
    .limit(limit);
  return rows.map((r) => ({ id: r.id, attempts: r.attempts, at: r.at?.getTime() ?? now.getTime() }));
}

// Everything still pending, for a worker starting against an empty Redis: delayed deliveries get their timers back.
export async function pendingDeliveries(db: Db, limit = 5000): Promise<DueDelivery[]> {
  const rows = await db
    .select({
      id: notificationDeliveries.id,
      attempts: notificationDeliveries.attempts,
      at: sql<Date>`coalesce(${notificationDeliveries.nextAttemptAt}, ${notificationDeliveries.dueAt})`,
    })
    .from(notificationDeliveries)
    .where(eq(notificationDeliveries.status, "pending"))
    .orderBy(asc(notificationDeliveries.nextAttemptAt))
    .limit(limit);
  return rows.map((r) => ({ id: r.id, attempts: r.attempts, at: new Date(r.at).getTime() }));
}

export async function deliveryState(db: Db, deliveryId: string) {
  const [row] = await db
    .select({
      status: notificationDeliveries.status,
      attempts: notificationDeliveries.attempts,
      nextAttemptAt: notificationDeliveries.nextAttemptAt,
    })
    .from(notificationDeliveries)
    .where(eq(notificationDeliveries.id, deliveryId));
  return row;
}
