import { and, asc, count, eq } from "drizzle-orm";
import { z } from "zod";
import { notificationRules, PRIORITIES, users } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { actorUserId, assertCan } from "@/lib/auth/permissions";
import type { Ctx } from "@/lib/context";
import { AppError, parseInput } from "@/lib/errors";
import { DEFAULT_RULES } from "./page";

export const MAX_RULES = 10;

const RuleFields = {
  channel: z.enum(["email", "push"], { error: "Choose email or push" }),
  delayMinutes: z.coerce
    .number({ error: "Enter the delay in minutes" })
    .int("Enter whole minutes")
    .min(0, "The delay is between 0 and 1440 minutes")
    .max(1440, "The delay is between 0 and 1440 minutes"),
  // Empty means every priority.
  priorities: z
    .array(z.enum(PRIORITIES, { error: "Choose priorities from P1 to P5" }))
    .default([])
    .transform((list) => [...new Set(list)].sort()),
};

export const CreateNotificationRule = z.object(RuleFields);
export type CreateNotificationRule = z.input<typeof CreateNotificationRule>;

export const UpdateNotificationRule = z.object({ ruleId: z.uuid("No such rule"), ...RuleFields });
export type UpdateNotificationRule = z.input<typeof UpdateNotificationRule>;

export const DeleteNotificationRule = z.object({ ruleId: z.uuid("No such rule") });
export type DeleteNotificationRule = z.input<typeof DeleteNotificationRule>;

function me(ctx: Ctx): string {
  const userId = actorUserId(ctx.actor);
  if (!userId) throw new AppError("forbidden", "Notification rules belong to a person");
  return userId;
}

// The caller's own rules; `isDefault` when they have none and pageUsers falls back to email and push at once.
export async function listNotificationRules(ctx: Ctx) {
  assertCan(ctx.actor, "notifications.own");
  const rules = await ctx.db
    .select()
    .from(notificationRules)
    .where(eq(notificationRules.userId, me(ctx)))
    .orderBy(asc(notificationRules.delayMinutes), asc(notificationRules.channel), asc(notificationRules.createdAt));
  return {
    rules,
    isDefault: rules.length === 0,
    defaults: DEFAULT_RULES.map((r) => ({ ...r, priorities: [] as string[] })),
  };
}

export async function createNotificationRule(ctx: Ctx, input: CreateNotificationRule) {
  assertCan(ctx.actor, "notifications.own");
  const data = parseInput(CreateNotificationRule, input);
  const userId = me(ctx);
  return ctx.db.transaction(async (tx) => {
    // The user row serializes one person's rule edits, so two tabs cannot pass the limit together.
    await tx.select({ id: users.id }).from(users).where(eq(users.id, userId)).for("update");
    const [{ n }] = await tx.select({ n: count() }).from(notificationRules).where(eq(notificationRules.userId, userId));
    if (n >= MAX_RULES) throw new AppError("conflict", `You can have at most ${MAX_RULES} notification rules`);
    const [rule] = await tx
      .insert(notificationRules)
      .values({ userId, ...data })
      .returning();
    await recordAudit(tx, ctx, {
      action: "notification_rule.create",
      entityType: "notification_rule",
      entityId: rule.id,
      after: rule,
    });
    return rule;
  });
}

export async function updateNotificationRule(ctx: Ctx, input: UpdateNotificationRule) {
  assertCan(ctx.actor, "notifications.own");
  const { ruleId, ...data } = parseInput(UpdateNotificationRule, input);
  const userId = me(ctx);
  return ctx.db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(notificationRules)
      .where(and(eq(notificationRules.id, ruleId), eq(notificationRules.userId, userId)))
      .for("update");
    if (!before) throw new AppError("not_found", "No such rule");
    const [after] = await tx.update(notificationRules).set(data).where(eq(notificationRules.id, ruleId)).returning();
    await recordAudit(tx, ctx, {
      action: "notification_rule.update",
      entityType: "notification_rule",
      entityId: ruleId,
      before,
      after,
    });
    return after;
  });
}

export async function deleteNotificationRule(ctx: Ctx, input: DeleteNotificationRule) {
  assertCan(ctx.actor, "notifications.own");
  const { ruleId } = parseInput(DeleteNotificationRule, input);
  const userId = me(ctx);
  return ctx.db.transaction(async (tx) => {
    const [before] = await tx
      .delete(notificationRules)
      .where(and(eq(notificationRules.id, ruleId), eq(notificationRules.userId, userId)))
      .returning();
    if (!before) throw new AppError("not_found", "No such rule");
    await recordAudit(tx, ctx, {
      action: "notification_rule.delete",
      entityType: "notification_rule",
      entityId: ruleId,
      before,
    });
    return before;
  });
}
