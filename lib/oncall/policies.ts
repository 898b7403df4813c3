import { and, asc, eq, inArray, ne, sql } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import {
  ESCALATION_TARGET_KINDS,
  type EscalationPolicy,
  type EscalationTarget,
  type EscalationTargetKind,
  escalationPolicies,
  escalationPolicyLinks,
  escalationSteps,
  oncallSchedules,
  outboundWebhooks,
  services,
  teams,
  users,
} from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { assertCan } from "@/lib/auth/permissions";
import type { Ctx } from "@/lib/context";
import { pgArray } from "@/lib/engine/pg-array";
import { AppError, parseInput } from "@/lib/errors";

export const MAX_STEPS = 20;
export const MAX_TARGETS = 10;
export const MAX_DELAY_MINUTES = 1440;
export const LINK_SUBJECTS = ["service", "team"] as const;
export type LinkSubject = (typeof LINK_SUBJECTS)[number];

const Minutes = (what: string, min: number) =>
  z.coerce
    .number({ error: `${what} is a whole number of minutes` })
    .int(`${what} is a whole number of minutes`)
    .min(min, `${what} is between ${min} and ${MAX_DELAY_MINUTES} minutes`)
    .max(MAX_DELAY_MINUTES, `${what} is between ${min} and ${MAX_DELAY_MINUTES} minutes`);

export const EscalationTargetInput = z.object({
  kind: z.enum(ESCALATION_TARGET_KINDS, { error: "Choose whom to notify: a schedule, a user, a team or a webhook" }),
  id: z.uuid({ error: "Choose whom to notify" }),
});

export const EscalationStepInput = z.object({
  delayMinutes: Minutes("The delay", 0).default(0),
  targets: z
    .array(EscalationTargetInput)
    .min(1, "Add at least one target to the step")
    .max(MAX_TARGETS, `A step notifies at most ${MAX_TARGETS} targets`)
    .transform((targets) =>
      targets.filter((t, i) => targets.findIndex((o) => o.kind === t.kind && o.id === t.id) === i),
    ),
});
export type EscalationStepInput = z.input<typeof EscalationStepInput>;

const PolicyFields = {
  name: z
    .string({ error: "Name is required" })
    .trim()
    .min(1, "Name is required")
    .max(120, "Name is at most 120 characters"),
  description: z.string().trim().max(1000, "Description is at most 1000 characters").default(""),
  steps: z
    .array(EscalationStepInput, { error: "Add at least one step" })
    .min(1, "Add at least one step")
    .max(MAX_STEPS, `A policy has at most ${MAX_STEPS} steps`),
  repeatCount: z.coerce
    .number({ error: "Repeat between 0 and 9 times" })
    .int("Repeat between 0 and 9 times")
    .min(0, "Repeat between 0 and 9 times")
    .max(9, "Repeat between 0 and 9 times")
    .default(0),
  repeatAfterMinutes: Minutes("The wait before repeating", 1).default(30),
  ackTimeoutMinutes: Minutes("The acknowledgement timeout", 1).nullable().default(null),
  isDefault: z.boolean().default(false),
};

export const CreateEscalationPolicy = z.object(PolicyFields);
export type CreateEscalationPolicy = z.input<typeof CreateEscalationPolicy>;

export const UpdateEscalationPolicy = z.object({
  policyId: z.uuid({ error: "No such escalation policy" }),
  version: z.coerce.number().int().positive().optional(),
  ...PolicyFields,
});
export type UpdateEscalationPolicy = z.input<typeof UpdateEscalationPolicy>;

type PolicyData = z.infer<typeof CreateEscalationPolicy>;

const TARGET_TABLES = {
  schedule: oncallSchedules,
  user: users,
  team: teams,
  webhook: outboundWebhooks,
} as const;

// Every target must exist when the policy is saved; the message names the step and the target.
async function checkTargets(tx: DbOrTx, steps: PolicyData["steps"]) {
  const found = new Set<string>();
  for (const kind of ESCALATION_TARGET_KINDS) {
    const ids = [...new Set(steps.flatMap((s) => s.targets.filter((t) => t.kind === kind).map((t) => t.id)))];
    if (!ids.length) continue;
    const table = TARGET_TABLES[kind];
    const rows = await tx.select({ id: table.id }).from(table).where(inArray(table.id, ids));
    for (const row of rows) found.add(`${kind}:${row.id}`);
  }
  const fields: Record<string, string[]> = {};
  const problems: string[] = [];
  steps.forEach((step, i) => {
    step.targets.forEach((target, j) => {
      if (found.has(`${target.kind}:${target.id}`)) return;
      fields[`steps.${i}.targets.${j}`] = [`No such ${target.kind}`];
      problems.push(`step ${i + 1}, target ${j + 1}: no such ${target.kind} (${target.id})`);
    });
  });
  if (problems.length) throw new AppError("invalid", `steps: ${problems.join("; ")}`, { fields });
}

async function assertNameFree(tx: DbOrTx, name: string, exceptId?: string) {
  const [clash] = await tx
    .select({ id: escalationPolicies.id })
    .from(escalationPolicies)
    .where(sql`lower(${escalationPolicies.name}) = lower(${name})`);
  if (clash && clash.id !== exceptId) {
    throw new AppError("conflict", `An escalation policy named ${name} already exists`, {
      fields: { name: [`An escalation policy named ${name} already exists`] },
    });
  }
}

async function stepsOf(tx: DbOrTx, policyId: string) {
  const rows = await tx
    .select({ delayMinutes: escalationSteps.delayMinutes, targets: escalationSteps.targets })
    .from(escalationSteps)
    .where(eq(escalationSteps.policyId, policyId))
    .orderBy(asc(escalationSteps.position));
  return rows;
}

async function writeSteps(tx: DbOrTx, policyId: string, steps: PolicyData["steps"]) {
  await tx.delete(escalationSteps).where(eq(escalationSteps.policyId, policyId));
  await tx
    .insert(escalationSteps)
    .values(steps.map((s, position) => ({ policyId, position, delayMinutes: s.delayMinutes, targets: s.targets })));
}

// Setting a default unsets the previous one; the table lock keeps two concurrent saves from both winning.
async function prepareSave(tx: DbOrTx, data: PolicyData, exceptId?: string) {
  await tx.execute(sql`lock table escalation_policies in share row exclusive mode`);
  await assertNameFree(tx, data.name, exceptId);
  await checkTargets(tx, data.steps);
  if (data.isDefault) {
    await tx
      .update(escalationPolicies)
      .set({ isDefault: false, version: sql`${escalationPolicies.version} + 1`, updatedAt: new Date() })
      .where(and(eq(escalationPolicies.isDefault, true), exceptId ? ne(escalationPolicies.id, exceptId) : undefined));
  }
}

export async function createEscalationPolicy(ctx: Ctx, input: CreateEscalationPolicy) {
  assertCan(ctx.actor, "oncall.policies.manage");
  const data = parseInput(CreateEscalationPolicy, input);
  return ctx.db.transaction(async (tx) => {
    await prepareSave(tx, data);
    const { steps, ...fields } = data;
    const [policy] = await tx.insert(escalationPolicies).values(fields).returning();
    await writeSteps(tx, policy.id, steps);
    await recordAudit(tx, ctx, {
      action: "escalation_policy.create",
      entityType: "escalation_policy",
      entityId: policy.id,
      after: { ...policy, steps },
    });
    return policy;
  });
}

async function lockPolicy(tx: DbOrTx, policyId: string) {
  const [row] = await tx.select().from(escalationPolicies).where(eq(escalationPolicies.id, policyId)).for("update");
  if (!row) throw new AppError("not_found", "No such escalation policy");
  return row;
}

export async function updateEscalationPolicy(ctx: Ctx, input: UpdateEscalationPolicy) {
  assertCan(ctx.actor, "oncall.policies.manage");
  const { policyId, version, ...data } = parseInput(UpdateEscalationPolicy, input);
  return ctx.db.transaction(async (tx) => {
    await prepareSave(tx, data, policyId);
    const before = await lockPolicy(tx, policyId);
    if (version !== undefined && version !== before.version) {
      throw new AppError(
        "conflict",
        `The escalation policy ${before.name} was changed by someone else after you opened it; reload and save again`,
      );
    }
    const beforeSteps = await stepsOf(tx, policyId);
    const { steps, ...fields } = data;
    const [after] = await tx
      .update(escalationPolicies)
      .set({ ...fields, version: before.version + 1, updatedAt: new Date() })
      .where(eq(escalationPolicies.id, policyId))
      .returning();
    await writeSteps(tx, policyId, steps);
    await recordAudit(tx, ctx, {
      action: "escalation_policy.update",
      entityType: "escalation_policy",
      entityId: policyId,
      before: { ...before, steps: beforeSteps },
      after: { ...after, steps },
    });
    return after;
  });
}

// What uses a policy, by name; links to services or teams deleted since are not counted.
async function usersOfPolicies(tx: DbOrTx, policyIds: string[]) {
  if (!policyIds.length) return [];
  return (await tx.execute(sql`
    select l.policy_id as "policyId", l.subject_type as "subjectType", l.subject_id as "subjectId",
           coalesce(s.name, t.name) as name
      from escalation_policy_links l
      left join services s on l.subject_type = 'service' and s.id = l.subject_id
      left join teams t on l.subject_type = 'team' and t.id = l.subject_id
     where l.policy_id = any(${pgArray(policyIds)}::uuid[])
       and coalesce(s.name, t.name) is not null
     order by l.subject_type, lower(coalesce(s.name, t.name))`)) as unknown as {
    policyId: string;
    subjectType: LinkSubject;
    subjectId: string;
    name: string;
  }[];
}

export const DeleteEscalationPolicy = z.object({ policyId: z.uuid({ error: "No such escalation policy" }) });
export type DeleteEscalationPolicy = z.input<typeof DeleteEscalationPolicy>;

// Refused while services or teams use the policy; deleting the default leaves unrouted incidents unpaged.
export async function deleteEscalationPolicy(ctx: Ctx, input: DeleteEscalationPolicy) {
  assertCan(ctx.actor, "oncall.policies.manage");
  const { policyId } = parseInput(DeleteEscalationPolicy, input);
  return ctx.db.transaction(async (tx) => {
    const before = await lockPolicy(tx, policyId);
    const used = await usersOfPolicies(tx, [policyId]);
    if (used.length) {
      const servicesUsing = used.filter((u) => u.subjectType === "service").map((u) => u.name);
      const teamsUsing = used.filter((u) => u.subjectType === "team").map((u) => u.name);
      const parts = [
        servicesUsing.length ? `services ${servicesUsing.join(", ")}` : "",
        teamsUsing.length ? `teams ${teamsUsing.join(", ")}` : "",
      ].filter(Boolean);
      throw new AppError(
        "conflict",
        `The escalation policy ${before.name} is used by ${parts.join(" and ")}; choose another policy for them first`,
        { extra: { usedBy: used.map(({ subjectType, subjectId, name }) => ({ subjectType, subjectId, name })) } },
      );
    }
    const steps = await stepsOf(tx, policyId);
    await tx.delete(escalationPolicies).where(eq(escalationPolicies.id, policyId));
    await recordAudit(tx, ctx, {
      action: "escalation_policy.delete",
      entityType: "escalation_policy",
      entityId: policyId,
      before: { ...before, steps },
    });
    return before;
  });
}

export const SetEscalationPolicyLink = z.object({
  subjectType: z.enum(LINK_SUBJECTS, { error: "Link a policy to a service or a team" }),
  subjectId: z.uuid({ error: "Choose a service or a team" }),
  // null or "" detaches: the next rule in the resolution order then applies.
  policyId: z
    .union([z.uuid({ error: "No such escalation policy" }), z.literal("")])
    .nullable()
    .transform((v) => v || null),
});
export type SetEscalationPolicyLink = z.input<typeof SetEscalationPolicyLink>;

export async function setEscalationPolicyLink(ctx: Ctx, input: SetEscalationPolicyLink) {
  assertCan(ctx.actor, "oncall.policies.manage");
  const { subjectType, subjectId, policyId } = parseInput(SetEscalationPolicyLink, input);
  return ctx.db.transaction(async (tx) => {
    const table = subjectType === "service" ? services : teams;
    const [subject] = await tx.select({ id: table.id, name: table.name }).from(table).where(eq(table.id, subjectId));
    if (!subject) throw new AppError("not_found", subjectType === "service" ? "No such service" : "No such team");
    const [before] = await tx
      .select()
      .from(escalationPolicyLinks)
      .where(and(eq(escalationPolicyLinks.subjectType, subjectType), eq(escalationPolicyLinks.subjectId, subjectId)))
      .for("update");
    if ((before?.policyId ?? null) === policyId) return { subjectType, subjectId, policyId };
    if (policyId) await lockPolicy(tx, policyId);
    if (before) {
      await tx
        .delete(escalationPolicyLinks)
        .where(and(eq(escalationPolicyLinks.subjectType, subjectType), eq(escalationPolicyLinks.subjectId, subjectId)));
    }
    if (policyId) await tx.insert(escalationPolicyLinks).values({ policyId, subjectType, subjectId });
    const touched = [before?.policyId, policyId].filter((id): id is string => !!id);
    await tx
      .update(escalationPolicies)
      .set({ version: sql`${escalationPolicies.version} + 1`, updatedAt: new Date() })
      .where(inArray(escalationPolicies.id, touched));
    await recordAudit(tx, ctx, {
      action: policyId ? "escalation_policy.attach" : "escalation_policy.detach",
      entityType: subjectType,
      entityId: subjectId,
      before: { name: subject.name, policyId: before?.policyId ?? null },
      after: { name: subject.name, policyId },
    });
    return { subjectType, subjectId, policyId };
  });
}

export type PolicyWithSteps = EscalationPolicy & {
  steps: { delayMinutes: number; targets: EscalationTarget[] }[];
  usedBy: { subjectType: LinkSubject; subjectId: string; name: string }[];
};

async function withStepsAndUse(db: DbOrTx, policies: EscalationPolicy[]): Promise<PolicyWithSteps[]> {
  const ids = policies.map((p) => p.id);
  if (!ids.length) return [];
  const [steps, used] = await Promise.all([
    db
      .select()
      .from(escalationSteps)
      .where(inArray(escalationSteps.policyId, ids))
      .orderBy(asc(escalationSteps.policyId), asc(escalationSteps.position)),
    usersOfPolicies(db, ids),
  ]);
  return policies.map((p) => ({
    ...p,
    steps: steps.filter((s) => s.policyId === p.id).map((s) => ({ delayMinutes: s.delayMinutes, targets: s.targets })),
    usedBy: used
      .filter((u) => u.policyId === p.id)
      .map(({ subjectType, subjectId, name }) => ({ subjectType, subjectId, name })),
  }));
}

export async function listEscalationPolicies(ctx: Ctx): Promise<PolicyWithSteps[]> {
  assertCan(ctx.actor, "oncall.read");
  const rows = await ctx.db
    .select()
    .from(escalationPolicies)
    .orderBy(sql`${escalationPolicies.isDefault} desc`, asc(sql`lower(${escalationPolicies.name})`));
  return withStepsAndUse(ctx.db, rows);
}

export async function getEscalationPolicy(ctx: Ctx, policyId: string): Promise<PolicyWithSteps> {
  assertCan(ctx.actor, "oncall.read");
  if (!z.uuid().safeParse(policyId).success) throw new AppError("not_found", "No such escalation policy");
  const rows = await ctx.db.select().from(escalationPolicies).where(eq(escalationPolicies.id, policyId));
  if (!rows.length) throw new AppError("not_found", "No such escalation policy");
  const [policy] = await withStepsAndUse(ctx.db, rows);
  return policy;
}

// Which policy each service (or team) is linked to, for the selectors on the service and team pages.
export async function policyLinksFor(ctx: Ctx, subjectType: LinkSubject): Promise<Map<string, string>> {
  assertCan(ctx.actor, "oncall.read");
  const rows = await ctx.db
    .select({ subjectId: escalationPolicyLinks.subjectId, policyId: escalationPolicyLinks.policyId })
    .from(escalationPolicyLinks)
    .where(eq(escalationPolicyLinks.subjectType, subjectType));
  return new Map(rows.map((r) => [r.subjectId, r.policyId]));
}

export async function listPolicyChoices(ctx: Ctx) {
  assertCan(ctx.actor, "oncall.read");
  return ctx.db
    .select({ id: escalationPolicies.id, name: escalationPolicies.name, isDefault: escalationPolicies.isDefault })
    .from(escalationPolicies)
    .orderBy(asc(sql`lower(${escalationPolicies.name})`));
}

// Read here until the schedules helper offers its own list.
export async function listScheduleOptions(db: DbOrTx) {
  return db
    .select({ id: oncallSchedules.id, name: oncallSchedules.name })
    .from(oncallSchedules)
    .orderBy(asc(sql`lower(${oncallSchedules.name})`));
}

export type TargetOption = { id: string; name: string; detail?: string };

// Everything a step can notify, by kind, for the step editor and for naming targets in summaries.
export async function listPolicyTargetOptions(ctx: Ctx): Promise<Record<EscalationTargetKind, TargetOption[]>> {
  assertCan(ctx.actor, "oncall.read");
  const [schedules, people, teamRows, hooks] = await Promise.all([
    listScheduleOptions(ctx.db),
    ctx.db
      .select({ id: users.id, name: users.name, email: users.email, isActive: users.isActive })
      .from(users)
      .where(ne(users.role, "requester"))
      .orderBy(asc(users.name)),
    ctx.db.select({ id: teams.id, name: teams.name }).from(teams).orderBy(asc(teams.name)),
    ctx.db
      .select({ id: outboundWebhooks.id, name: outboundWebhooks.name })
      .from(outboundWebhooks)
      .orderBy(asc(outboundWebhooks.name)),
  ]);
  return {
    schedule: schedules,
    user: people.map((p) => ({ id: p.id, name: p.name, detail: p.email })),
    team: teamRows,
    webhook: hooks,
  };
}

type TicketRouting = { id: string; serviceId: string | null; teamId: string | null };

// Resolution order: the service's link, the ticket's team link, the service owner team's link, the default policy.
export async function policiesForTickets(tx: DbOrTx, list: TicketRouting[]): Promise<Map<string, string | null>> {
  const out = new Map<string, string | null>();
  if (!list.length) return out;
  const serviceIds = [...new Set(list.map((t) => t.serviceId).filter((id): id is string => !!id))];
  const owners = serviceIds.length
    ? await tx
        .select({ id: services.id, ownerTeamId: services.ownerTeamId })
        .from(services)
        .where(inArray(services.id, serviceIds))
    : [];
  const ownerOf = new Map(owners.map((s) => [s.id, s.ownerTeamId]));
  const subjects = [...serviceIds, ...list.map((t) => t.teamId), ...owners.map((o) => o.ownerTeamId)].filter(
    (id): id is string => !!id,
  );
  const links = subjects.length
    ? await tx
        .select()
        .from(escalationPolicyLinks)
        .where(inArray(escalationPolicyLinks.subjectId, [...new Set(subjects)]))
    : [];
  const linked = new Map(links.map((l) => [`${l.subjectType}:${l.subjectId}`, l.policyId]));
  let fallback: string | null | undefined;
  for (const t of list) {
    const owner = t.serviceId ? ownerOf.get(t.serviceId) : null;
    let policyId =
      (t.serviceId && linked.get(`service:${t.serviceId}`)) ||
      (t.teamId && linked.get(`team:${t.teamId}`)) ||
      (owner && linked.get(`team:${owner}`)) ||
      null;
    if (!policyId) {
      if (fallback === undefined) {
        const [row] = await tx
          .select({ id: escalationPolicies.id })
          .from(escalationPolicies)
          .where(eq(escalationPolicies.isDefault, true));
        fallback = row?.id ?? null;
      }
      policyId = fallback;
    }
    out.set(t.id, policyId);
  }
  return out;
}

export async function policyForTicket(tx: DbOrTx, ticket: TicketRouting): Promise<string | null> {
  return (await policiesForTickets(tx, [ticket])).get(ticket.id) ?? null;
}
