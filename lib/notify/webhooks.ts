import { createHash } from "node:crypto";
import { asc, eq } from "drizzle-orm";
import { z } from "zod";
import { outboundWebhooks, WEBHOOK_FORMATS } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { assertCan } from "@/lib/auth/permissions";
import type { Ctx } from "@/lib/context";
import { AppError, parseInput } from "@/lib/errors";
import { webhookSecret } from "./webhook";

const WebhookUrl = z
  .string({ error: "Give the URL to post to" })
  .trim()
  .max(2000, "The URL is at most 2000 characters")
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === "https:" || url.protocol === "http:") && !!url.hostname;
    } catch {
      return false;
    }
  }, "The URL must start with http:// or https://");

const Name = z.string().trim().min(1, "Name is required").max(100, "Name is at most 100 characters");
const Format = z.enum(WEBHOOK_FORMATS, { error: "Format must be json or slack" });

export const CreateWebhook = z.object({ name: Name, url: WebhookUrl, format: Format.default("json") });
export type CreateWebhook = z.input<typeof CreateWebhook>;

export const UpdateWebhook = z.object({
  webhookId: z.uuid("No such webhook"),
  name: Name.optional(),
  url: WebhookUrl.optional(),
  format: Format.optional(),
  isActive: z.boolean().optional(),
});
export type UpdateWebhook = z.input<typeof UpdateWebhook>;

export const DeleteWebhook = z.object({ webhookId: z.uuid("No such webhook") });
export type DeleteWebhook = z.input<typeof DeleteWebhook>;

// A webhook URL's path and query are often its credential (Slack, Teams): the audit log keeps only where it points.
function auditView(row: typeof outboundWebhooks.$inferSelect) {
  const url = new URL(row.url);
  const isBare = url.pathname === "/" && !url.search;
  // A short fingerprint still shows that the URL changed.
  const fingerprint = createHash("sha256").update(row.url).digest("hex").slice(0, 12);
  return { ...row, url: `${url.origin}${isBare ? "/" : "/…"}`, urlFingerprint: fingerprint };
}

export async function listWebhooks(ctx: Ctx) {
  assertCan(ctx.actor, "webhooks.manage");
  return ctx.db.select().from(outboundWebhooks).orderBy(asc(outboundWebhooks.name));
}

// The signing secret is shown once, here; it is derived (never stored), see lib/notify/webhook.ts.
export async function createWebhook(ctx: Ctx, input: CreateWebhook) {
  assertCan(ctx.actor, "webhooks.manage");
  const data = parseInput(CreateWebhook, input);
  return ctx.db.transaction(async (tx) => {
    const [webhook] = await tx.insert(outboundWebhooks).values(data).onConflictDoNothing().returning();
    if (!webhook) throw new AppError("conflict", `name: A webhook named ${data.name} already exists`);
    await recordAudit(tx, ctx, {
      action: "webhook.create",
      entityType: "webhook",
      entityId: webhook.id,
      after: auditView(webhook),
    });
    return { webhook, secret: webhookSecret(webhook.id) };
  });
}

export async function updateWebhook(ctx: Ctx, input: UpdateWebhook) {
  assertCan(ctx.actor, "webhooks.manage");
  const { webhookId, ...data } = parseInput(UpdateWebhook, input);
  return ctx.db.transaction(async (tx) => {
    const [before] = await tx.select().from(outboundWebhooks).where(eq(outboundWebhooks.id, webhookId)).for("update");
    if (!before) throw new AppError("not_found", "No such webhook");
    const [after] = await tx
      .update(outboundWebhooks)
      .set({ ...data, updatedAt: new Date() })
      .where(eq(outboundWebhooks.id, webhookId))
      .returning();
    await recordAudit(tx, ctx, {
      action: "webhook.update",
      entityType: "webhook",
      entityId: webhookId,
      before: auditView(before),
      after: auditView(after),
    });
    return after;
  });
}

export async function deleteWebhook(ctx: Ctx, input: DeleteWebhook) {
  assertCan(ctx.actor, "webhooks.manage");
  const { webhookId } = parseInput(DeleteWebhook, input);
  return ctx.db.transaction(async (tx) => {
    const [before] = await tx.delete(outboundWebhooks).where(eq(outboundWebhooks.id, webhookId)).returning();
    if (!before) throw new AppError("not_found", "No such webhook");
    await recordAudit(tx, ctx, {
      action: "webhook.delete",
      entityType: "webhook",
      entityId: webhookId,
      before: auditView(before),
    });
    return before;
  });
}
