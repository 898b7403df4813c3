import { and, desc, eq } from "drizzle-orm";
import { z } from "zod";
import { pushSubscriptions, users } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { actorUserId, assertCan } from "@/lib/auth/permissions";
import type { Ctx } from "@/lib/context";
import { env } from "@/lib/env";
import { AppError, parseInput } from "@/lib/errors";
import { maskEmail, sendEmail } from "./email";
import { escapeHtml, formatWhen, notifyTranslator } from "./message";
import { sendPush } from "./push";
import { ChannelError, describeError } from "./send-error";

const LOCAL_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);
const IP_LITERAL = /^(\d{1,3}(\.\d{1,3}){3}|\[[0-9a-f:.]+\])$/i;

// Push services are https on public names; a local stand-in on http://127.0.0.1 is allowed outside production only
// (tests, dev). In production the workers POST to whatever is stored here, so addresses and internal names are
// refused: a person must not point them at the cloud metadata service or another internal host (SSRF).
export function isAllowedPushEndpoint(value: string, isProduction: boolean): boolean {
  try {
    const url = new URL(value);
    if (!isProduction) return url.protocol === "https:" || (url.protocol === "http:" && LOCAL_HOSTS.has(url.hostname));
    const host = url.hostname.toLowerCase().replace(/\.$/, "");
    const isInternalName =
      !host.includes(".") || /\.(localhost|local|internal|lan|home\.arpa)$/.test(host) || IP_LITERAL.test(host);
    return url.protocol === "https:" && !url.username && !url.password && !isInternalName;
  } catch {
    return false;
  }
}

const isAllowedEndpoint = (value: string) => isAllowedPushEndpoint(value, env().NODE_ENV === "production");

const base64url = (bytes: number, what: string) =>
  z
    .string({ error: `Give the ${what}` })
    .regex(/^[A-Za-z0-9_-]+={0,2}$/, `The ${what} must be base64url`)
    .refine((v) => Buffer.from(v, "base64url").length === bytes, `The ${what} must be ${bytes} bytes`);

export const SubscribePush = z.object({
  endpoint: z
    .string({ error: "Give the push endpoint" })
    .max(2000, "The push endpoint is at most 2000 characters")
    .refine(isAllowedEndpoint, "The push endpoint must be an https URL"),
  keys: z.object({ p256dh: base64url(65, "p256dh key"), auth: base64url(16, "auth secret") }),
  label: z.string().trim().max(100, "The label is at most 100 characters").optional(),
});
export type SubscribePush = z.input<typeof SubscribePush>;

export const UnsubscribePush = z.object({ subscriptionId: z.uuid("No such browser") });
export type UnsubscribePush = z.input<typeof UnsubscribePush>;

export const SendTestNotification = z.object({
  channel: z.enum(["email", "push"], { error: "Choose email or push" }),
  subscriptionId: z.uuid("No such browser").optional(),
});
export type SendTestNotification = z.input<typeof SendTestNotification>;

function me(ctx: Ctx): string {
  const userId = actorUserId(ctx.actor);
  if (!userId) throw new AppError("forbidden", "Push subscriptions belong to a person");
  return userId;
}

// One row per browser endpoint: subscribing again (new keys, or another person signed in on that browser) takes it over.
export async function subscribePush(ctx: Ctx, input: SubscribePush) {
  assertCan(ctx.actor, "notifications.own");
  const data = parseInput(SubscribePush, input);
  const userId = me(ctx);
  return ctx.db.transaction(async (tx) => {
    const [before] = await tx.select().from(pushSubscriptions).where(eq(pushSubscriptions.endpoint, data.endpoint));
    const values = { userId, p256dh: data.keys.p256dh, auth: data.keys.auth, label: data.label ?? "" };
    const [after] = await tx
      .insert(pushSubscriptions)
      .values({ endpoint: data.endpoint, ...values })
      .onConflictDoUpdate({ target: pushSubscriptions.endpoint, set: values })
      .returning();
    await recordAudit(tx, ctx, {
      action: before ? "push_subscription.update" : "push_subscription.create",
      entityType: "push_subscription",
      entityId: after.id,
      before: before ? subscriptionView(before) : undefined,
      after: subscriptionView(after),
    });
    return after;
  });
}

export async function unsubscribePush(ctx: Ctx, input: UnsubscribePush) {
  assertCan(ctx.actor, "notifications.own");
  const { subscriptionId } = parseInput(UnsubscribePush, input);
  const userId = me(ctx);
  return ctx.db.transaction(async (tx) => {
    const [before] = await tx
      .delete(pushSubscriptions)
      .where(and(eq(pushSubscriptions.id, subscriptionId), eq(pushSubscriptions.userId, userId)))
      .returning();
    if (!before) throw new AppError("not_found", "No such browser");
    await recordAudit(tx, ctx, {
      action: "push_subscription.delete",
      entityType: "push_subscription",
      entityId: before.id,
      before: subscriptionView(before),
    });
    return before;
  });
}

export async function listPushSubscriptions(ctx: Ctx) {
  assertCan(ctx.actor, "notifications.own");
  return ctx.db
    .select({
      id: pushSubscriptions.id,
      endpoint: pushSubscriptions.endpoint,
      label: pushSubscriptions.label,
      createdAt: pushSubscriptions.createdAt,
      lastSuccessAt: pushSubscriptions.lastSuccessAt,
    })
    .from(pushSubscriptions)
    .where(eq(pushSubscriptions.userId, me(ctx)))
    .orderBy(desc(pushSubscriptions.createdAt));
}

// The audit log keeps where a subscription points, never its keys.
function subscriptionView(row: typeof pushSubscriptions.$inferSelect) {
  return { userId: row.userId, host: new URL(row.endpoint).host, label: row.label };
}

export type TestResult = { channel: "email" | "push"; sent: number; failed: { target: string; error: string }[] };

// Sends a test straight to the caller's address or browsers (no ticket, no delivery row) and audits the outcome.
export async function sendTestNotification(ctx: Ctx, input: SendTestNotification): Promise<TestResult> {
  assertCan(ctx.actor, "notifications.own");
  const data = parseInput(SendTestNotification, input);
  const userId = me(ctx);
  const [user] = await ctx.db.select().from(users).where(eq(users.id, userId));
  if (!user) throw new AppError("not_found", "No such user");
  const locale = user.locale ?? env().DEFAULT_LOCALE;
  const t = notifyTranslator(locale);
  const when = formatWhen(new Date(), locale, user.timezone);
  const result: TestResult = { channel: data.channel, sent: 0, failed: [] };
  const attempt = async (target: string, fn: () => Promise<void>, subscriptionId?: string) => {
    try {
      await fn();
      result.sent++;
    } catch (error) {
      result.failed.push({ target, error: error instanceof ChannelError ? error.message : describeError(error) });
      // A push service that says the subscription is gone means that browser will never receive anything again.
      if (subscriptionId && error instanceof ChannelError && error.isGone) {
        await ctx.db.delete(pushSubscriptions).where(eq(pushSubscriptions.id, subscriptionId));
      }
    }
  };
  if (data.channel === "email") {
    const subject = t("notifyMessage.testSubject");
    const text = t("notifyMessage.testBody", { when, name: user.name });
    await attempt(maskEmail(user.email), () =>
      sendEmail(user.email, { subject, text, html: `<p style="font-family:sans-serif">${escapeHtml(text)}</p>` }),
    );
  } else {
    const subscriptions = await ctx.db
      .select()
      .from(pushSubscriptions)
      .where(
        and(
          eq(pushSubscriptions.userId, userId),
          data.subscriptionId ? eq(pushSubscriptions.id, data.subscriptionId) : undefined,
        ),
      );
    if (!subscriptions.length) throw new AppError("not_found", "No browser is subscribed to push notifications");
    for (const subscription of subscriptions) {
      await attempt(
        subscription.label || new URL(subscription.endpoint).host,
        () =>
          sendPush(
            subscription,
            {
              title: t("notifyMessage.testSubject"),
              body: t("notifyMessage.testBody", { when, name: user.name }),
              tag: "watchdesk-test",
              url: "/settings/notifications",
              actions: [{ action: "open", title: t("notifyMessage.open"), url: "/settings/notifications" }],
              ticket: { number: "", priority: "P5", title: "", status: "new" },
            },
            "P5",
          ),
        subscription.id,
      );
    }
  }
  await ctx.db.transaction((tx) =>
    recordAudit(tx, ctx, {
      action: "notification.test",
      entityType: "user",
      entityId: userId,
      after: result,
    }),
  );
  return result;
}

// "Chrome on Android" from a User-Agent header, so a person can tell their subscribed browsers apart.
export function browserLabel(userAgent: string | null | undefined): string {
  const ua = userAgent ?? "";
  const browser = /Edg\//.test(ua)
    ? "Edge"
    : /SamsungBrowser\//.test(ua)
      ? "Samsung Internet"
      : /Firefox\//.test(ua)
        ? "Firefox"
        : /Chrome\//.test(ua)
          ? "Chrome"
          : /Safari\//.test(ua)
            ? "Safari"
            : "";
  const os = /Android/.test(ua)
    ? "Android"
    : /iPhone|iPad/.test(ua)
      ? "iOS"
      : /Mac OS X/.test(ua)
        ? "macOS"
        : /Windows/.test(ua)
          ? "Windows"
          : /Linux/.test(ua)
            ? "Linux"
            : "";
  return [browser, os].filter(Boolean).join(" · ").slice(0, 100);
}
