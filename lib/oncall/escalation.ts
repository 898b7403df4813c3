import { and, asc, eq, inArray, lte, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db, DbOrTx } from "@/db/client";
import {
  type EscalationPolicy,
  type EscalationTarget,
  escalationPolicies,
  escalationSteps,
  type IncidentEscalation,
  incidentEscalations,
  outboundWebhooks,
  type Ticket,
  type TicketStatus,
  teamMembers,
  ticketActivities,
  tickets,
  users,
} from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { actorUserId, assertCan } from "@/lib/auth/permissions";
import type { Ctx } from "@/lib/context";
import { pgArray } from "@/lib/engine/pg-array";
import { AppError, parseInput } from "@/lib/errors";
import { pageUsers } from "@/lib/notify/page";
import { activityActor } from "@/lib/tickets/activity";
import { TicketNumber } from "@/lib/tickets/schemas";
import { OPEN_STATUSES } from "@/lib/tickets/status";
import { policiesForTickets } from "./policies";
import { onCallUserIds } from "./who";

// Every change that sets next_at sends "<ticketId> <generation> <nextAtMs>" here on commit; the workers arm a job for it.
export const ESCALATION_CHANNEL = "wd_escalation";
export const ESCALATION_ACTOR = "system:escalation";
export const ESCALATION_BATCH = 200;

const MINUTE_MS = 60_000;
const IN_HAND: readonly TicketStatus[] = ["acknowledged", "in_progress", "pending"];

type Step = { delayMinutes: number; targets: EscalationTarget[] };
type LoadedPolicy = Pick<EscalationPolicy, "id" | "repeatCount" | "repeatAfterMinutes" | "ackTimeoutMinutes"> & {
  steps: Step[];
};
type EscalationRow = Omit<IncidentEscalation, "updatedAt">;
type TicketFacts = Pick<Ticket, "id" | "type" | "status" | "serviceId" | "teamId" | "assigneeId" | "reopenedAt">;

const FACT_COLUMNS = {
  id: tickets.id,
  type: tickets.type,
  status: tickets.status,
  serviceId: tickets.serviceId,
  teamId: tickets.teamId,
  assigneeId: tickets.assigneeId,
  reopenedAt: tickets.reopenedAt,
};

// Tickets before escalation rows, always: every ticket change holds its ticket's lock when it syncs the escalation.
async function lockTicket(tx: DbOrTx, number: string): Promise<Ticket> {
  const [ticket] = await tx.select().from(tickets).where(eq(tickets.number, number)).for("update");
  if (!ticket) throw new AppError("not_found", `No ticket ${number}`);
  return ticket;
}

const after = (now: Date, minutes: number) => new Date(now.getTime() + minutes * MINUTE_MS);

export function escalationNotice(row: Pick<EscalationRow, "ticketId" | "generation" | "nextAt">): string | null {
  return row.nextAt ? `${row.ticketId} ${row.generation} ${row.nextAt.getTime()}` : null;
}

async function loadPolicies(tx: DbOrTx, ids: (string | null)[]): Promise<Map<string, LoadedPolicy>> {
  const wanted = [...new Set(ids.filter((id): id is string => !!id))];
  const out = new Map<string, LoadedPolicy>();
  if (!wanted.length) return out;
  const [policies, steps] = await Promise.all([
    tx
      .select({
        id: escalationPolicies.id,
        repeatCount: escalationPolicies.repeatCount,
        repeatAfterMinutes: escalationPolicies.repeatAfterMinutes,
        ackTimeoutMinutes: escalationPolicies.ackTimeoutMinutes,
      })
      .from(escalationPolicies)
      .where(inArray(escalationPolicies.id, wanted)),
    tx
      .select()
      .from(escalationSteps)
      .where(inArray(escalationSteps.policyId, wanted))
      .orderBy(asc(escalationSteps.policyId), asc(escalationSteps.position)),
  ]);
  for (const p of policies) {
    const own = steps
      .filter((s) => s.policyId === p.id)
      .map((s) => ({ delayMinutes: s.delayMinutes, targets: s.targets }));
    if (own.length) out.set(p.id, { ...p, steps: own });
  }
  return out;
}

// Writes the rows (insert or replace) and tells the workers when each is next due.
async function saveRows(tx: DbOrTx, rows: EscalationRow[], now: Date) {
  if (!rows.length) return;
  await tx
    .insert(incidentEscalations)
    .values(rows.map((r) => ({ ...r, updatedAt: now })))
    .onConflictDoUpdate({
      target: incidentEscalations.ticketId,
      set: {
        policyId: sql`excluded.policy_id`,
        state: sql`excluded.state`,
        generation: sql`excluded.generation`,
        round: sql`excluded.round`,
        nextStep: sql`excluded.next_step`,
        nextAt: sql`excluded.next_at`,
        acknowledgedById: sql`excluded.acknowledged_by_id`,
        startedAt: sql`excluded.started_at`,
        updatedAt: sql`excluded.updated_at`,
      },
    });
  const notices = rows.map(escalationNotice).filter((n): n is string => !!n);
  if (notices.length) {
    await tx.execute(sql`select pg_notify(${ESCALATION_CHANNEL}, n) from unnest(${pgArray(notices)}::text[]) n`);
  }
}

function startRow(ticketId: string, policy: LoadedPolicy, generation: number, now: Date): EscalationRow {
  return {
    ticketId,
    policyId: policy.id,
    state: "active",
    generation,
    round: 0,
    nextStep: 0,
    nextAt: after(now, policy.steps[0].delayMinutes),
    acknowledgedById: null,
    startedAt: now,
  };
}

// When each incident last changed into an in-hand status: one after the escalation (re)started acknowledges it.
async function lastTakenInHand(tx: DbOrTx, ticketIds: string[]): Promise<Map<string, number>> {
  if (!ticketIds.length) return new Map();
  const rows = (await tx.execute(sql`
    select ticket_id as "ticketId", (extract(epoch from max(created_at)) * 1000)::float8 as at
      from ticket_activities
     where ticket_id = any(${pgArray(ticketIds)}::uuid[]) and kind = 'status_change'
       and data->>'to' = any(${pgArray(IN_HAND)}::text[])
     group by ticket_id`)) as unknown as { ticketId: string; at: number }[];
  return new Map(rows.map((r) => [r.ticketId, Number(r.at)]));
}

export type SyncOptions = { actorId?: string | null; now?: Date };

/**
 * Brings the escalation of these tickets in line with their status, in the caller's transaction (call it after every
 * refreshSlaClocks): a new incident starts its policy, an acknowledged one pauses until its ack timeout, an ended one
 * stops, a reopened one starts over in a new generation. Only incidents escalate.
 */
export async function syncEscalations(tx: DbOrTx, ticketIds: string[], options: SyncOptions = {}) {
  const ids = [...new Set(ticketIds)];
  if (!ids.length) return;
  const now = options.now ?? new Date();
  const facts = await tx
    .select(FACT_COLUMNS)
    .from(tickets)
    .where(and(inArray(tickets.id, ids), eq(tickets.type, "incident")));
  if (!facts.length) return;
  const existing = await tx
    .select()
    .from(incidentEscalations)
    .where(
      inArray(
        incidentEscalations.ticketId,
        facts.map((f) => f.id),
      ),
    )
    .for("update");
  const rowOf = new Map(existing.map((r) => [r.ticketId, r]));

  const starting = facts.filter((t) => {
    if (t.status !== "new") return false;
    const row = rowOf.get(t.id);
    if (!row) return true;
    const isReopened = !!t.reopenedAt && t.reopenedAt.getTime() > row.startedAt.getTime();
    return row.state === "stopped" || row.state === "acknowledged" || isReopened;
  });
  const acking = facts.filter((t) => {
    const state = rowOf.get(t.id)?.state;
    return IN_HAND.includes(t.status) && (state === "active" || state === "exhausted");
  });
  const ending = facts.filter(
    (t) => !OPEN_STATUSES.includes(t.status as (typeof OPEN_STATUSES)[number]) && rowOf.get(t.id)?.state !== "stopped",
  );
  if (!starting.length && !acking.length && !ending.length) return;

  const routed = await policiesForTickets(tx, starting);
  const policies = await loadPolicies(tx, [
    ...routed.values(),
    ...acking.map((t) => rowOf.get(t.id)?.policyId ?? null),
  ]);
  const taken = await lastTakenInHand(
    tx,
    acking.map((t) => t.id),
  );
  const changed: EscalationRow[] = [];
  for (const t of starting) {
    const policyId = routed.get(t.id);
    const policy = policyId ? policies.get(policyId) : undefined;
    const row = rowOf.get(t.id);
    if (policy) changed.push(startRow(t.id, policy, row ? row.generation + 1 : 1, now));
    else if (row) changed.push({ ...row, state: "stopped", nextAt: null });
  }
  for (const t of acking) {
    const row = rowOf.get(t.id) as IncidentEscalation;
    // Active while in hand means an ack timeout or an escalation fired after the acknowledgement: only a later status
    // change (acknowledged, in progress, pending) pauses it again, not an edit of the title.
    const takenAt = taken.get(t.id);
    if (takenAt !== undefined && takenAt < row.startedAt.getTime()) continue;
    const timeout = (row.policyId && policies.get(row.policyId)?.ackTimeoutMinutes) || null;
    changed.push({
      ...row,
      state: "acknowledged",
      acknowledgedById: options.actorId ?? t.assigneeId ?? null,
      nextAt: timeout ? after(now, timeout) : null,
    });
  }
  for (const t of ending) {
    const row = rowOf.get(t.id);
    if (row) changed.push({ ...row, state: "stopped", nextAt: null });
  }
  await saveRows(tx, changed, now);
}

// The people (active, not away) and webhooks a step's targets stand for at this instant.
async function resolveTargets(tx: DbOrTx, targets: EscalationTarget[], now: Date) {
  const of = (kind: EscalationTarget["kind"]) => targets.filter((t) => t.kind === kind).map((t) => t.id);
  const candidates = new Set(of("user"));
  for (const scheduleId of of("schedule")) {
    for (const id of await onCallUserIds(tx, scheduleId, now)) candidates.add(id);
  }
  const teamIds = of("team");
  if (teamIds.length) {
    const members = await tx
      .select({ userId: teamMembers.userId })
      .from(teamMembers)
      .innerJoin(users, eq(users.id, teamMembers.userId))
      .where(and(inArray(teamMembers.teamId, teamIds), eq(users.isAway, false)))
      .orderBy(asc(teamMembers.createdAt));
    for (const m of members) candidates.add(m.userId);
  }
  const active = candidates.size
    ? new Set(
        (
          await tx
            .select({ id: users.id })
            .from(users)
            .where(and(inArray(users.id, [...candidates]), eq(users.isActive, true)))
        ).map((u) => u.id),
      )
    : new Set<string>();
  const hookIds = of("webhook");
  const hooks = hookIds.length
    ? await tx
        .select({ id: outboundWebhooks.id })
        .from(outboundWebhooks)
        .where(and(inArray(outboundWebhooks.id, hookIds), eq(outboundWebhooks.isActive, true)))
    : [];
  return { userIds: [...candidates].filter((id) => active.has(id)), webhookIds: hooks.map((h) => h.id) };
}

async function noteOnTimeline(
  tx: DbOrTx,
  ticketId: string,
  now: Date,
  data: Record<string, unknown>,
  actor: { actorType: "user" | "token" | "system"; actorId: string | null } = { actorType: "system", actorId: null },
) {
  await tx
    .insert(ticketActivities)
    .values({ ticketId, kind: "notification", visibility: "internal", createdAt: now, data, ...actor });
}

/**
 * Pages the row's next step and moves on: a step with nobody to page passes straight to the next one (as PagerDuty
 * does), a step with no delay follows at once, the last step waits to repeat the policy or, after the same wait, to
 * exhaust it. Bounded
 * by the number of steps, so a policy of empty schedules cannot loop.
 */
async function walk(tx: DbOrTx, row: EscalationRow, policy: LoadedPolicy, now: Date, firstReason: string) {
  const state = { ...row, policyId: policy.id, state: "active" as IncidentEscalation["state"] };
  let reason = firstReason;
  let paged = 0;
  for (let guard = 0; guard <= policy.steps.length; guard++) {
    const stepIndex = Math.min(state.nextStep, policy.steps.length - 1);
    const step = policy.steps[stepIndex];
    const detail = { step: stepIndex + 1, round: state.round, policyId: policy.id, targets: step.targets };
    const { userIds, webhookIds } = await resolveTargets(tx, step.targets, now);
    const isReached = userIds.length > 0 || webhookIds.length > 0;
    if (isReached) {
      await pageUsers(tx, {
        ticketId: state.ticketId,
        userIds,
        webhookIds,
        reason,
        key: `esc:${state.ticketId}:${state.generation}:${state.round}:${stepIndex}`,
        detail,
        now,
      });
      paged++;
    } else {
      await noteOnTimeline(tx, state.ticketId, now, { event: "nobody_on_call", ...detail });
    }
    reason = "page";
    const next = stepIndex + 1;
    if (next < policy.steps.length) {
      state.nextStep = next;
      const delay = isReached ? policy.steps[next].delayMinutes : 0;
      state.nextAt = after(now, delay);
      if (delay > 0) break;
      continue;
    }
    if (state.round < policy.repeatCount) {
      state.round += 1;
      state.nextStep = 0;
      state.nextAt = after(now, policy.repeatAfterMinutes);
      break;
    }
    // The last step gets as long to be acknowledged as a repeat would wait; only then is the policy exhausted.
    state.nextStep = policy.steps.length;
    state.nextAt = after(now, policy.repeatAfterMinutes);
    break;
  }
  return { row: state, paged };
}

export type EscalationRun = {
  ticketId: string;
  from: IncidentEscalation["state"];
  to: IncidentEscalation["state"];
  paged: number;
};

/**
 * Pages whatever is due: steps of active escalations, and acknowledgement timeouts (which start a new generation and
 * page step one again at once). Tickets are locked before their escalation rows, as every ticket change does, so a
 * run and a ticket change never deadlock; a run for one ticket waits for its lock, a sweep skips locked ones. The
 * next_at check under the lock makes a second run of the same job find nothing, and delivery keys page once.
 */
export async function runDueEscalations(
  db: Db,
  now = new Date(),
  only?: { ticketId: string },
  limit = ESCALATION_BATCH,
): Promise<EscalationRun[]> {
  const at = now.toISOString();
  return db.transaction(async (tx) => {
    const locked = (await tx.execute(sql`
      select id from tickets
       where id in (select ticket_id from incident_escalations
                     where next_at <= ${at}::timestamptz ${only ? sql`and ticket_id = ${only.ticketId}` : sql``}
                     order by next_at limit ${limit})
         for update ${only ? sql`` : sql`skip locked`}`)) as unknown as { id: string }[];
    if (!locked.length) return [];
    const rows = await tx
      .select()
      .from(incidentEscalations)
      .where(
        and(
          inArray(
            incidentEscalations.ticketId,
            locked.map((l) => l.id),
          ),
          lte(incidentEscalations.nextAt, now),
        ),
      )
      .for("update");
    if (!rows.length) return [];
    const facts = await tx
      .select(FACT_COLUMNS)
      .from(tickets)
      .where(
        inArray(
          tickets.id,
          rows.map((r) => r.ticketId),
        ),
      );
    const factOf = new Map(facts.map((f) => [f.id, f]));
    // A policy deleted meanwhile (policy_id set null) hands the incident to whichever policy now applies.
    const orphans = rows.filter((r) => !r.policyId).map((r) => factOf.get(r.ticketId) as TicketFacts);
    const rerouted = await policiesForTickets(tx, orphans);
    const policies = await loadPolicies(tx, [...rows.map((r) => r.policyId), ...rerouted.values()]);
    const saved: EscalationRow[] = [];
    const runs: EscalationRun[] = [];
    for (const row of rows) {
      const ticket = factOf.get(row.ticketId);
      const isOpen = !!ticket && ticket.type === "incident" && OPEN_STATUSES.includes(ticket.status as "new");
      const policyId = row.policyId ?? rerouted.get(row.ticketId) ?? null;
      const policy = policyId ? policies.get(policyId) : undefined;
      if (!isOpen || (row.state !== "active" && row.state !== "acknowledged")) {
        saved.push({ ...row, state: isOpen ? row.state : "stopped", nextAt: null });
        runs.push({ ticketId: row.ticketId, from: row.state, to: isOpen ? row.state : "stopped", paged: 0 });
        continue;
      }
      if (!policy) {
        await noteOnTimeline(tx, row.ticketId, now, { event: "no_policy" });
        saved.push({ ...row, state: "stopped", nextAt: null });
        runs.push({ ticketId: row.ticketId, from: row.state, to: "stopped", paged: 0 });
        continue;
      }
      if (row.state === "active" && row.policyId === policy.id && row.nextStep >= policy.steps.length) {
        await noteOnTimeline(tx, row.ticketId, now, {
          event: "exhausted",
          policyId: policy.id,
          rounds: row.round + 1,
          steps: policy.steps.length,
        });
        saved.push({ ...row, state: "exhausted", nextAt: null });
        runs.push({ ticketId: row.ticketId, from: row.state, to: "exhausted", paged: 0 });
        continue;
      }
      let start: EscalationRow = row;
      let reason = "page";
      if (row.state === "acknowledged") {
        await noteOnTimeline(tx, row.ticketId, now, {
          event: "ack_timeout",
          policyId: policy.id,
          acknowledgedById: row.acknowledgedById,
          minutes: policy.ackTimeoutMinutes,
        });
        start = { ...row, generation: row.generation + 1, round: 0, nextStep: 0, startedAt: now };
        reason = "ack_timeout";
      }
      const result = await walk(tx, start, policy, now, reason);
      saved.push(result.row);
      runs.push({ ticketId: row.ticketId, from: row.state, to: result.row.state, paged: result.paged });
    }
    await saveRows(tx, saved, now);
    return runs;
  });
}

// The Postgres-side sweep behind the delayed jobs: whatever Redis lost is paged on the next pass.
export async function sweepEscalations(db: Db, now = new Date()): Promise<number> {
  let total = 0;
  for (let pass = 0; pass < 50; pass++) {
    const runs = await runDueEscalations(db, now);
    total += runs.length;
    if (runs.length < ESCALATION_BATCH) break;
  }
  return total;
}

// Notices for escalations due within the horizon, re-armed when the workers start or Redis comes back.
export async function upcomingEscalations(db: DbOrTx, horizonMs: number, now = new Date()): Promise<string[]> {
  const rows = await db
    .select({
      ticketId: incidentEscalations.ticketId,
      generation: incidentEscalations.generation,
      nextAt: incidentEscalations.nextAt,
    })
    .from(incidentEscalations)
    .where(lte(incidentEscalations.nextAt, new Date(now.getTime() + horizonMs)));
  return rows.map(escalationNotice).filter((n): n is string => !!n);
}

export const EscalateIncident = z.object({ number: TicketNumber });
export type EscalateIncident = z.input<typeof EscalateIncident>;

// The "Escalate" button: pages the next step now, even when the incident is acknowledged (its escalation resumes).
export async function escalateIncident(ctx: Ctx, input: EscalateIncident) {
  assertCan(ctx.actor, "incidents.work");
  const { number } = parseInput(EscalateIncident, input);
  return ctx.db.transaction(async (tx) => {
    const ticket = await lockTicket(tx, number);
    if (ticket.type !== "incident") throw new AppError("invalid", `${number} is not an incident`);
    if (!OPEN_STATUSES.includes(ticket.status as "new")) {
      throw new AppError("conflict", `${number} is ${ticket.status}; only an open incident can be escalated`);
    }
    const [row] = await tx
      .select()
      .from(incidentEscalations)
      .where(eq(incidentEscalations.ticketId, ticket.id))
      .for("update");
    const now = new Date();
    let policyId = row?.policyId ?? null;
    if (!policyId) policyId = (await policiesForTickets(tx, [ticket])).get(ticket.id) ?? null;
    const policy = policyId ? (await loadPolicies(tx, [policyId])).get(policyId) : undefined;
    if (!policy) throw new AppError("conflict", `No escalation policy applies to ${number}`);
    const last = policy.steps.length - 1;
    // Always a new generation: the step it lands on may have been paged already, and delivery keys would swallow it.
    const start: EscalationRow = !row
      ? startRow(ticket.id, policy, 1, now)
      : row.state === "exhausted" || row.state === "stopped"
        ? { ...row, generation: row.generation + 1, round: 0, nextStep: last, startedAt: now }
        : { ...row, generation: row.generation + 1, nextStep: Math.min(row.nextStep, last), startedAt: now };
    const actor = activityActor(ctx);
    await noteOnTimeline(
      tx,
      ticket.id,
      now,
      { event: "escalated", step: start.nextStep + 1, round: start.round, policyId: policy.id },
      actor,
    );
    const result = await walk(tx, start, policy, now, "escalated");
    await saveRows(tx, [result.row], now);
    await recordAudit(tx, ctx, {
      action: "incident.escalate",
      entityType: "ticket",
      entityId: ticket.id,
      before: row
        ? { number, state: row.state, round: row.round, nextStep: row.nextStep, generation: row.generation }
        : { number, state: null },
      after: {
        number,
        state: result.row.state,
        round: result.row.round,
        nextStep: result.row.nextStep,
        generation: result.row.generation,
        paged: start.nextStep + 1,
      },
    });
    return { ticket, escalation: result.row, pagedStep: start.nextStep + 1 };
  });
}

/**
 * Acknowledging an incident that is already in hand but whose escalation runs again (its ack timeout fired, or someone
 * escalated): pauses it and restarts the ack timeout. Returns null when there is nothing to acknowledge.
 */
export async function reacknowledgeEscalation(ctx: Ctx, number: string): Promise<Ticket | null> {
  assertCan(ctx.actor, "incidents.work");
  return ctx.db.transaction(async (tx) => {
    const ticket = await lockTicket(tx, number);
    if (!IN_HAND.includes(ticket.status)) return null;
    const [row] = await tx
      .select()
      .from(incidentEscalations)
      .where(
        and(eq(incidentEscalations.ticketId, ticket.id), inArray(incidentEscalations.state, ["active", "exhausted"])),
      )
      .for("update");
    if (!row) return null;
    const now = new Date();
    const policy = row.policyId ? (await loadPolicies(tx, [row.policyId])).get(row.policyId) : undefined;
    const timeout = policy?.ackTimeoutMinutes ?? null;
    const me = actorUserId(ctx.actor);
    const acked: EscalationRow = {
      ...row,
      state: "acknowledged",
      acknowledgedById: me ?? ticket.assigneeId,
      nextAt: timeout ? after(now, timeout) : null,
    };
    await saveRows(tx, [acked], now);
    await noteOnTimeline(tx, ticket.id, now, { event: "acknowledged", minutes: timeout }, activityActor(ctx));
    await recordAudit(tx, ctx, {
      action: "incident.acknowledge",
      entityType: "ticket",
      entityId: ticket.id,
      before: { number, escalation: row.state, acknowledgedById: row.acknowledgedById },
      after: { number, escalation: acked.state, acknowledgedById: acked.acknowledgedById, nextAt: acked.nextAt },
    });
    return ticket;
  });
}

// Ids the notification entries of a timeline mention, so a page can name them.
export function notificationSubjects(entries: { kind: string; data: unknown }[]) {
  const userIds = new Set<string>();
  const webhookIds = new Set<string>();
  for (const e of entries) {
    if (e.kind !== "notification") continue;
    const data = (e.data ?? {}) as {
      userIds?: unknown;
      webhookIds?: unknown;
      acknowledgedById?: unknown;
      userId?: unknown;
    };
    for (const id of Array.isArray(data.userIds) ? data.userIds : []) userIds.add(String(id));
    for (const id of Array.isArray(data.webhookIds) ? data.webhookIds : []) webhookIds.add(String(id));
    if (typeof data.acknowledgedById === "string") userIds.add(data.acknowledgedById);
    if (typeof data.userId === "string") userIds.add(data.userId);
  }
  return { userIds: [...userIds], webhookIds: [...webhookIds] };
}

// Names for the people and webhooks notification entries mention (inactive people included).
export async function notificationNames(ctx: Ctx, entries: { kind: string; data: unknown }[]) {
  assertCan(ctx.actor, "tickets.read");
  const { userIds, webhookIds } = notificationSubjects(entries);
  const [people, hooks] = await Promise.all([
    userIds.length
      ? ctx.db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, userIds))
      : [],
    webhookIds.length
      ? ctx.db
          .select({ id: outboundWebhooks.id, name: outboundWebhooks.name })
          .from(outboundWebhooks)
          .where(inArray(outboundWebhooks.id, webhookIds))
      : [],
  ]);
  return new Map([...people, ...hooks].map((r) => [r.id, r.name]));
}
