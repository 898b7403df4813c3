import { asc, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import {
  businessCalendars,
  PRIORITIES,
  type SlaPolicy,
  type SlaTargets,
  services,
  slaPolicies,
  TICKET_TYPES,
  teams,
} from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { assertCan } from "@/lib/auth/permissions";
import type { Ctx } from "@/lib/context";
import { AppError, parseInput } from "@/lib/errors";
import { OPEN_STATUSES } from "@/lib/tickets/status";
import { onSlaConfigChanged } from "./recompute";

export const MAX_TARGET_MINUTES = 365 * 24 * 60;
const distinct = <T>(values: T[]) => [...new Set(values)];

const TargetMinutes = z
  .int({ error: "A target is a whole number of minutes" })
  .positive("A target must be longer than zero")
  .max(MAX_TARGET_MINUTES, "A target is at most 365 days")
  .nullable()
  .default(null);

const PriorityTargets = z.strictObject({ response: TargetMinutes, resolution: TargetMinutes });

// One response and one resolution target per priority, in minutes of the calendar's working time.
export const SlaTargetsInput = z
  .partialRecord(z.enum(PRIORITIES), PriorityTargets)
  .superRefine((targets, ctx) => {
    for (const [priority, t] of Object.entries(targets)) {
      if (t?.response && t.resolution && t.resolution < t.response) {
        ctx.addIssue({
          code: "custom",
          path: [priority, "resolution"],
          message: "The resolution target cannot be shorter than the response target",
        });
      }
    }
    if (!Object.values(targets).some((t) => t?.response || t?.resolution)) {
      ctx.addIssue({ code: "custom", path: [], message: "Give at least one target" });
    }
  })
  .transform(
    (targets): SlaTargets =>
      Object.fromEntries(
        PRIORITIES.flatMap((p) => {
          const t = targets[p];
          return t && (t.response || t.resolution) ? [[p, { response: t.response, resolution: t.resolution }]] : [];
        }),
      ),
  );

const PAUSABLE = OPEN_STATUSES;

const PolicyFields = {
  name: z.string({ error: "Name is required" }).trim().min(1, "Name is required").max(200),
  ticketTypes: z
    .array(z.enum(TICKET_TYPES, { error: `ticketTypes: use ${TICKET_TYPES.join(", ")}` }))
    .default([])
    .transform(distinct),
  priorities: z
    .array(z.enum(PRIORITIES, { error: `priorities: use ${PRIORITIES.join(", ")}` }))
    .default([])
    .transform(distinct),
  serviceIds: z.array(z.uuid("Expected an id")).max(200).default([]).transform(distinct),
  teamIds: z.array(z.uuid("Expected an id")).max(200).default([]).transform(distinct),
  calendarId: z.uuid({ error: "Choose a calendar" }),
  targets: SlaTargetsInput,
  pauseStatuses: z
    .array(z.enum(PAUSABLE, { error: "Only open statuses can pause the clock" }))
    .default(["pending"])
    .transform(distinct),
  warnPercent: z
    .int({ error: "The warning threshold is a whole percentage" })
    .min(1, "The warning threshold is between 1 and 99 %")
    .max(99, "The warning threshold is between 1 and 99 %")
    .default(75),
};

async function checkPolicyRefs(tx: DbOrTx, data: { calendarId: string; serviceIds: string[]; teamIds: string[] }) {
  const [calendar] = await tx
    .select({ id: businessCalendars.id })
    .from(businessCalendars)
    .where(eq(businessCalendars.id, data.calendarId));
  if (!calendar)
    throw new AppError("invalid", "calendarId: no such calendar", { fields: { calendarId: ["No such calendar"] } });
  const checks = [
    ["serviceIds", services, data.serviceIds, "No such service"],
    ["teamIds", teams, data.teamIds, "No such team"],
  ] as const;
  for (const [field, table, ids, message] of checks) {
    if (!ids.length) continue;
    const found = new Set(
      (await tx.select({ id: table.id }).from(table).where(inArray(table.id, ids))).map((r) => r.id),
    );
    const missing = ids.filter((id) => !found.has(id));
    if (missing.length) {
      throw new AppError("invalid", `${field}: ${message.toLowerCase()} (${missing.join(", ")})`, {
        fields: { [field]: [message] },
      });
    }
  }
}

async function assertNameFree(tx: DbOrTx, name: string, exceptId?: string) {
  const [clash] = await tx
    .select({ id: slaPolicies.id })
    .from(slaPolicies)
    .where(sql`lower(${slaPolicies.name}) = lower(${name})`);
  if (clash && clash.id !== exceptId) {
    throw new AppError("conflict", `An SLA policy named ${name} already exists`);
  }
}

export const CreateSlaPolicy = z.strictObject({ ...PolicyFields, isActive: z.boolean().default(true) });
export type CreateSlaPolicy = z.input<typeof CreateSlaPolicy>;

// New policies go last: the first active policy whose conditions match a ticket applies.
export async function createSlaPolicy(ctx: Ctx, input: CreateSlaPolicy) {
  assertCan(ctx.actor, "sla.policies.manage");
  const data = parseInput(CreateSlaPolicy, input);
  return ctx.db.transaction(async (tx) => {
    await tx.execute(sql`lock table sla_policies in share row exclusive mode`);
    await checkPolicyRefs(tx, data);
    await assertNameFree(tx, data.name);
    const [{ next }] = await tx
      .select({ next: sql<number>`coalesce(max(${slaPolicies.position}), 0) + 1` })
      .from(slaPolicies);
    const [policy] = await tx
      .insert(slaPolicies)
      .values({ ...data, position: Number(next) })
      .returning();
    await onSlaConfigChanged(tx, { policyId: policy.id });
    await recordAudit(tx, ctx, {
      action: "sla_policy.create",
      entityType: "sla_policy",
      entityId: policy.id,
      after: policy,
    });
    return policy;
  });
}

async function lockPolicy(tx: DbOrTx, policyId: string) {
  const [row] = await tx.select().from(slaPolicies).where(eq(slaPolicies.id, policyId)).for("update");
  if (!row) throw new AppError("not_found", "No such SLA policy");
  return row;
}

async function savePolicy(
  tx: DbOrTx,
  ctx: Ctx,
  before: SlaPolicy,
  change: Partial<typeof slaPolicies.$inferInsert>,
  action: string,
) {
  const [after] = await tx
    .update(slaPolicies)
    .set({ ...change, version: before.version + 1, updatedAt: new Date() })
    .where(eq(slaPolicies.id, before.id))
    .returning();
  await onSlaConfigChanged(tx, { policyId: before.id });
  await recordAudit(tx, ctx, { action, entityType: "sla_policy", entityId: before.id, before, after });
  return after;
}

export const UpdateSlaPolicy = z.strictObject({
  policyId: z.uuid(),
  ...PolicyFields,
  isActive: z.boolean().optional(),
});
export type UpdateSlaPolicy = z.input<typeof UpdateSlaPolicy>;

export async function updateSlaPolicy(ctx: Ctx, input: UpdateSlaPolicy) {
  assertCan(ctx.actor, "sla.policies.manage");
  const { policyId, ...data } = parseInput(UpdateSlaPolicy, input);
  return ctx.db.transaction(async (tx) => {
    const before = await lockPolicy(tx, policyId);
    await checkPolicyRefs(tx, data);
    await assertNameFree(tx, data.name, policyId);
    return savePolicy(tx, ctx, before, data, "sla_policy.update");
  });
}

export const SetSlaPolicyActive = z.strictObject({ policyId: z.uuid(), isActive: z.boolean() });
export type SetSlaPolicyActive = z.input<typeof SetSlaPolicyActive>;

export async function setSlaPolicyActive(ctx: Ctx, input: SetSlaPolicyActive) {
  assertCan(ctx.actor, "sla.policies.manage");
  const { policyId, isActive } = parseInput(SetSlaPolicyActive, input);
  return ctx.db.transaction(async (tx) => {
    const before = await lockPolicy(tx, policyId);
    if (before.isActive === isActive) return before;
    return savePolicy(tx, ctx, before, { isActive }, isActive ? "sla_policy.activate" : "sla_policy.deactivate");
  });
}

export const DeleteSlaPolicy = z.strictObject({ policyId: z.uuid() });
export type DeleteSlaPolicy = z.input<typeof DeleteSlaPolicy>;

// Stopped clocks keep their figures (their policy_id becomes null); open tickets are matched again.
export async function deleteSlaPolicy(ctx: Ctx, input: DeleteSlaPolicy) {
  assertCan(ctx.actor, "sla.policies.manage");
  const { policyId } = parseInput(DeleteSlaPolicy, input);
  return ctx.db.transaction(async (tx) => {
    const before = await lockPolicy(tx, policyId);
    await tx.delete(slaPolicies).where(eq(slaPolicies.id, policyId));
    await onSlaConfigChanged(tx, { policyId });
    await recordAudit(tx, ctx, { action: "sla_policy.delete", entityType: "sla_policy", entityId: policyId, before });
  });
}

export const MoveSlaPolicy = z.strictObject({ policyId: z.uuid(), direction: z.enum(["up", "down"]) });
export type MoveSlaPolicy = z.input<typeof MoveSlaPolicy>;

// Swaps the policy with its neighbour in the current order, so a stale page cannot undo someone else's reordering.
export async function moveSlaPolicy(ctx: Ctx, input: MoveSlaPolicy) {
  assertCan(ctx.actor, "sla.policies.manage");
  const { policyId, direction } = parseInput(MoveSlaPolicy, input);
  return ctx.db.transaction(async (tx) => {
    await tx.execute(sql`lock table sla_policies in share row exclusive mode`);
    const all = await tx.select().from(slaPolicies).orderBy(asc(slaPolicies.position), asc(slaPolicies.createdAt));
    const from = all.findIndex((p) => p.id === policyId);
    if (from === -1) throw new AppError("not_found", "No such SLA policy");
    const to = from + (direction === "up" ? -1 : 1);
    if (to < 0 || to >= all.length) return all.map((p) => p.id);
    const order = all.map((p) => p.id);
    [order[from], order[to]] = [order[to], order[from]];
    const base = all[0].position;
    for (const [index, id] of order.entries()) {
      const policy = all.find((p) => p.id === id) as SlaPolicy;
      if (policy.position === base + index) continue;
      await tx
        .update(slaPolicies)
        .set({ position: base + index, version: policy.version + 1, updatedAt: new Date() })
        .where(eq(slaPolicies.id, id));
    }
    await onSlaConfigChanged(tx, { policyId });
    await recordAudit(tx, ctx, {
      action: "sla_policy.move",
      entityType: "sla_policy",
      entityId: policyId,
      before: { order: all.map((p) => p.id) },
      after: { direction, order },
    });
    return order;
  });
}

export async function listSlaPolicies(ctx: Ctx) {
  assertCan(ctx.actor, "sla.read");
  return ctx.db.select().from(slaPolicies).orderBy(asc(slaPolicies.position), asc(slaPolicies.createdAt));
}
