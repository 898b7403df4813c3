import { asc, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { PRIORITIES, requestCategories, routingRules, services, TICKET_TYPES, teams } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { assertCan } from "@/lib/auth/permissions";
import type { Ctx } from "@/lib/context";
import { LabelMatcher } from "@/lib/engine/matchers";
import { AppError, parseInput } from "@/lib/errors";

const Id = z.uuid("Expected an id");
const distinct = <T>(values: T[]) => [...new Set(values)];

const RuleFields = {
  name: z.string().trim().min(1, "Name is required").max(200),
  matchers: z.array(LabelMatcher).max(50).default([]),
  ticketTypes: z
    .array(z.enum(TICKET_TYPES, { error: `ticketTypes: use ${TICKET_TYPES.join(", ")}` }))
    .default([])
    .transform(distinct),
  categoryIds: z.array(Id).max(200).default([]).transform(distinct),
  matchServiceIds: z.array(Id).max(200).default([]).transform(distinct),
  priorities: z
    .array(z.enum(PRIORITIES, { error: `priorities: use ${PRIORITIES.join(", ")}` }))
    .default([])
    .transform(distinct),
  serviceId: Id.nullish(),
  teamId: Id.nullish(),
  isEnabled: z.boolean().default(true),
};

type RuleRefs = { categoryIds: string[]; matchServiceIds: string[]; serviceId?: string | null; teamId?: string | null };

async function missingIds(tx: DbOrTx, table: typeof services | typeof teams | typeof requestCategories, ids: string[]) {
  if (!ids.length) return [];
  const found = await tx.select({ id: table.id }).from(table).where(inArray(table.id, ids));
  const known = new Set(found.map((r) => r.id));
  return ids.filter((id) => !known.has(id));
}

// Named 400s rather than a foreign-key error (targets) or a condition that can never match (condition ids).
async function checkRuleRefs(tx: DbOrTx, data: RuleRefs) {
  const checks = [
    ["categoryIds", requestCategories, data.categoryIds, "No such request category"],
    ["matchServiceIds", services, data.matchServiceIds, "No such service"],
    ["serviceId", services, data.serviceId ? [data.serviceId] : [], "No such service"],
    ["teamId", teams, data.teamId ? [data.teamId] : [], "No such team"],
  ] as const;
  for (const [field, table, ids, message] of checks) {
    const missing = await missingIds(tx, table, ids);
    if (missing.length) {
      throw new AppError("invalid", `${field}: ${message.toLowerCase()} (${missing.join(", ")})`, {
        fields: { [field]: [message] },
      });
    }
  }
}

function routesSomewhere<S extends z.ZodType<{ serviceId?: string | null; teamId?: string | null }>>(schema: S) {
  return schema.refine((v) => v.serviceId || v.teamId, { message: "Choose a service or a team", path: ["serviceId"] });
}

export const CreateRoutingRule = routesSomewhere(z.object(RuleFields));
export type CreateRoutingRule = z.input<typeof CreateRoutingRule>;

// New rules go last; reorder to move them.
export async function createRoutingRule(ctx: Ctx, input: CreateRoutingRule) {
  assertCan(ctx.actor, "routing.manage");
  const data = parseInput(CreateRoutingRule, input);
  return ctx.db.transaction(async (tx) => {
    await tx.execute(sql`lock table routing_rules in share row exclusive mode`);
    await checkRuleRefs(tx, data);
    const [{ next }] = await tx
      .select({ next: sql<number>`coalesce(max(${routingRules.position}), 0) + 1` })
      .from(routingRules);
    const [rule] = await tx
      .insert(routingRules)
      .values({ ...data, serviceId: data.serviceId ?? null, teamId: data.teamId ?? null, position: Number(next) })
      .returning();
    await recordAudit(tx, ctx, {
      action: "routing_rule.create",
      entityType: "routing_rule",
      entityId: rule.id,
      after: rule,
    });
    return rule;
  });
}

export const UpdateRoutingRule = routesSomewhere(z.object({ ruleId: z.uuid(), ...RuleFields }));
export type UpdateRoutingRule = z.input<typeof UpdateRoutingRule>;

export async function updateRoutingRule(ctx: Ctx, input: UpdateRoutingRule) {
  assertCan(ctx.actor, "routing.manage");
  const { ruleId, ...data } = parseInput(UpdateRoutingRule, input);
  return ctx.db.transaction(async (tx) => {
    const [before] = await tx.select().from(routingRules).where(eq(routingRules.id, ruleId)).for("update");
    if (!before) throw new AppError("not_found", "No such routing rule");
    await checkRuleRefs(tx, data);
    const [after] = await tx
      .update(routingRules)
      .set({ ...data, serviceId: data.serviceId ?? null, teamId: data.teamId ?? null, updatedAt: new Date() })
      .where(eq(routingRules.id, ruleId))
      .returning();
    await recordAudit(tx, ctx, {
      action: "routing_rule.update",
      entityType: "routing_rule",
      entityId: ruleId,
      before,
      after,
    });
    return after;
  });
}

export const DeleteRoutingRule = z.object({ ruleId: z.uuid() });
export type DeleteRoutingRule = z.input<typeof DeleteRoutingRule>;

export async function deleteRoutingRule(ctx: Ctx, input: DeleteRoutingRule) {
  assertCan(ctx.actor, "routing.manage");
  const { ruleId } = parseInput(DeleteRoutingRule, input);
  return ctx.db.transaction(async (tx) => {
    const [before] = await tx.delete(routingRules).where(eq(routingRules.id, ruleId)).returning();
    if (!before) throw new AppError("not_found", "No such routing rule");
    await recordAudit(tx, ctx, { action: "routing_rule.delete", entityType: "routing_rule", entityId: ruleId, before });
  });
}

export const ReorderRoutingRules = z.object({ ruleIds: z.array(z.uuid()).min(1).max(1000) });
export type ReorderRoutingRules = z.input<typeof ReorderRoutingRules>;

// The given rules take positions 1…n in that order; rules not named keep their relative order after them.
export async function reorderRoutingRules(ctx: Ctx, input: ReorderRoutingRules) {
  assertCan(ctx.actor, "routing.manage");
  const { ruleIds } = parseInput(ReorderRoutingRules, input);
  if (new Set(ruleIds).size !== ruleIds.length) throw new AppError("invalid", "A rule is named twice");
  return ctx.db.transaction(async (tx) => {
    await tx.execute(sql`lock table routing_rules in share row exclusive mode`);
    const all = await tx.select().from(routingRules).orderBy(asc(routingRules.position), asc(routingRules.createdAt));
    const known = new Set(all.map((r) => r.id));
    const missing = ruleIds.filter((id) => !known.has(id));
    if (missing.length) throw new AppError("not_found", `No such routing rule: ${missing.join(", ")}`);
    const order = [...ruleIds, ...all.map((r) => r.id).filter((id) => !ruleIds.includes(id))];
    for (const [index, id] of order.entries()) {
      await tx
        .update(routingRules)
        .set({ position: index + 1, updatedAt: new Date() })
        .where(eq(routingRules.id, id));
    }
    await recordAudit(tx, ctx, {
      action: "routing_rule.reorder",
      entityType: "routing_rule",
      before: all.map((r) => r.id),
      after: order,
    });
    return order;
  });
}

export async function listRoutingRules(ctx: Ctx) {
  assertCan(ctx.actor, "routing.manage");
  return ctx.db.select().from(routingRules).orderBy(asc(routingRules.position), asc(routingRules.createdAt));
}

// The request catalog is managed elsewhere; routing only needs the names to offer categories as conditions.
export async function listRoutingCategoryChoices(ctx: Ctx) {
  assertCan(ctx.actor, "routing.manage");
  return ctx.db
    .select({ id: requestCategories.id, name: requestCategories.name })
    .from(requestCategories)
    .orderBy(asc(requestCategories.position), asc(requestCategories.name));
}
