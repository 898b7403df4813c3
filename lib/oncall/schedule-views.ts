import { and, asc, count, desc, eq, gt, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import {
  escalationPolicies,
  escalationSteps,
  oncallLayerMembers,
  oncallLayers,
  oncallOverrides,
  oncallSchedules,
  teams,
  users,
} from "@/db/schema";
import { assertCan } from "@/lib/auth/permissions";
import type { Ctx } from "@/lib/context";
import { AppError } from "@/lib/errors";
import { finalShifts, type NowAndNext, nowAndNext, type Timeline } from "./rotation";
import { loadScheduleDefinition, onCallNowAndNext } from "./who";

const DAY = 86_400_000;
const HORIZON_DAYS = 90;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type Person = { id: string; name: string; isActive: boolean };

async function peopleById(db: DbOrTx, ids: Iterable<string | null | undefined>): Promise<Map<string, Person>> {
  const wanted = [...new Set([...ids].filter((id): id is string => !!id))];
  if (wanted.length === 0) return new Map();
  const rows = await db
    .select({ id: users.id, name: users.name, isActive: users.isActive })
    .from(users)
    .where(inArray(users.id, wanted));
  return new Map(rows.map((r) => [r.id, r]));
}

// Escalation policies with a step that pages this schedule's on-call.
export async function policiesUsingSchedule(db: DbOrTx, scheduleId: string): Promise<string[]> {
  const rows = await db
    .selectDistinct({ name: escalationPolicies.name })
    .from(escalationSteps)
    .innerJoin(escalationPolicies, eq(escalationPolicies.id, escalationSteps.policyId))
    .where(sql`${escalationSteps.targets} @> ${JSON.stringify([{ kind: "schedule", id: scheduleId }])}::jsonb`)
    .orderBy(asc(escalationPolicies.name));
  return rows.map((r) => r.name);
}

// Every schedule with who is on call now and next.
export async function listScheduleSummaries(ctx: Ctx, now = new Date()) {
  assertCan(ctx.actor, "oncall.read");
  const schedules = await ctx.db
    .select({
      id: oncallSchedules.id,
      name: oncallSchedules.name,
      description: oncallSchedules.description,
      timeZone: oncallSchedules.timeZone,
      teamName: teams.name,
      layerCount: count(oncallLayers.id),
    })
    .from(oncallSchedules)
    .leftJoin(teams, eq(teams.id, oncallSchedules.teamId))
    .leftJoin(oncallLayers, eq(oncallLayers.scheduleId, oncallSchedules.id))
    .groupBy(oncallSchedules.id, teams.name)
    .orderBy(asc(sql`lower(${oncallSchedules.name})`));
  const onCall = await onCallNowAndNext(
    ctx.db,
    schedules.map((s) => s.id),
    now,
  );
  const people = await peopleById(
    ctx.db,
    [...onCall.values()].flatMap((n) => [...n.now.userIds, ...(n.next?.userIds ?? [])]),
  );
  return schedules.map((s) => ({ ...s, onCall: onCall.get(s.id) as NowAndNext, people }));
}

export type ScheduleSummary = Awaited<ReturnType<typeof listScheduleSummaries>>[number];

// One schedule for its page: layers (top first) with members, current and upcoming overrides, the resolved
// timeline over [from, to) and who is on call now and next.
export async function getScheduleView(ctx: Ctx, scheduleId: string, window: { from: Date; to: Date; now?: Date }) {
  assertCan(ctx.actor, "oncall.read");
  if (!UUID.test(scheduleId)) throw new AppError("not_found", "No such schedule");
  const now = window.now ?? new Date();
  const [schedule] = await ctx.db
    .select({
      id: oncallSchedules.id,
      name: oncallSchedules.name,
      description: oncallSchedules.description,
      timeZone: oncallSchedules.timeZone,
      teamId: oncallSchedules.teamId,
      teamName: teams.name,
      hasFeed: sql<boolean>`${oncallSchedules.feedTokenHash} is not null`,
      version: oncallSchedules.version,
    })
    .from(oncallSchedules)
    .leftJoin(teams, eq(teams.id, oncallSchedules.teamId))
    .where(eq(oncallSchedules.id, scheduleId));
  if (!schedule) throw new AppError("not_found", "No such schedule");
  const loadFrom = new Date(Math.min(window.from.getTime(), now.getTime()));
  const loadTo = new Date(Math.max(window.to.getTime(), now.getTime() + HORIZON_DAYS * DAY));
  const [def, layers, members, overrides, usedBy] = await Promise.all([
    loadScheduleDefinition(ctx.db, scheduleId, { from: loadFrom, to: loadTo }),
    ctx.db
      .select()
      .from(oncallLayers)
      .where(eq(oncallLayers.scheduleId, scheduleId))
      .orderBy(desc(oncallLayers.position), asc(oncallLayers.createdAt)),
    ctx.db
      .select({ layerId: oncallLayerMembers.layerId, userId: oncallLayerMembers.userId })
      .from(oncallLayerMembers)
      .innerJoin(oncallLayers, eq(oncallLayers.id, oncallLayerMembers.layerId))
      .where(eq(oncallLayers.scheduleId, scheduleId))
      .orderBy(asc(oncallLayerMembers.position)),
    ctx.db
      .select()
      .from(oncallOverrides)
      .where(and(eq(oncallOverrides.scheduleId, scheduleId), gt(oncallOverrides.endsAt, now)))
      .orderBy(asc(oncallOverrides.startsAt))
      .limit(200),
    policiesUsingSchedule(ctx.db, scheduleId),
  ]);
  if (!def) throw new AppError("not_found", "No such schedule");
  const timeline: Timeline = finalShifts(def, window.from, window.to);
  const onCall = nowAndNext(def, now, HORIZON_DAYS);
  const people = await peopleById(ctx.db, [
    ...members.map((m) => m.userId),
    ...overrides.map((o) => o.userId),
    ...timeline.final.map((s) => s.userId),
    ...onCall.now.userIds,
    ...(onCall.next?.userIds ?? []),
  ]);
  return {
    schedule,
    layers: layers.map((l) => ({ ...l, members: members.filter((m) => m.layerId === l.id).map((m) => m.userId) })),
    overrides,
    timeline,
    onCall,
    people,
    usedBy,
  };
}

export type ScheduleView = Awaited<ReturnType<typeof getScheduleView>>;
