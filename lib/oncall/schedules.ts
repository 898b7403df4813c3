import { randomBytes } from "node:crypto";
import { and, asc, desc, eq, gt, inArray, lt, max, sql } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import {
  type LayerRestriction,
  oncallLayerMembers,
  oncallLayers,
  oncallOverrides,
  oncallSchedules,
  ROTATION_KINDS,
  type RotationKind,
  users,
} from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { actorUserId, assertCan } from "@/lib/auth/permissions";
import type { Ctx } from "@/lib/context";
import { env } from "@/lib/env";
import { AppError, parseInput } from "@/lib/errors";
import { dateToLocalInput } from "@/lib/silences/form-input";
import { CalendarTimeZone, HoursRange, weeklyRanges } from "@/lib/sla/calendars";
import { hashSecret } from "@/lib/tokens/secret";
import { parseWallTime } from "./rotation";
import { policiesUsingSchedule } from "./schedule-views";

const DEFAULT_TIME_ZONE = "Asia/Seoul";
const MAX_OVERRIDE_MS = 366 * 86_400_000;

// ---------------------------------------------------------------------------------------------------------------
// Schedules

const ScheduleFields = {
  name: z
    .string({ error: "Give the schedule a name" })
    .trim()
    .min(1, "Give the schedule a name")
    .max(100, "Name is at most 100 characters"),
  description: z.string().trim().max(1000, "Description is at most 1000 characters").optional(),
  timeZone: CalendarTimeZone.optional(),
  teamId: z.uuid({ error: "Choose a team" }).nullable().optional(),
};

export const CreateSchedule = z.strictObject(ScheduleFields);
export type CreateSchedule = z.input<typeof CreateSchedule>;

// The schedule's version as the editing page saw it: a save made after someone else's change is refused.
const SeenVersion = { version: z.coerce.number().int().positive().optional() };

export const UpdateSchedule = z.strictObject({
  scheduleId: z.uuid({ error: "No such schedule" }),
  ...ScheduleFields,
  ...SeenVersion,
});
export type UpdateSchedule = z.input<typeof UpdateSchedule>;

export const ScheduleRef = z.strictObject({ scheduleId: z.uuid({ error: "No such schedule" }) });
export type ScheduleRef = z.input<typeof ScheduleRef>;

// The hash of the feed token never goes into the audit log.
function auditable<T extends { feedTokenHash?: string | null }>(row: T) {
  const { feedTokenHash, ...rest } = row;
  return { ...rest, hasFeed: !!feedTokenHash };
}

async function actorTimeZone(tx: DbOrTx, ctx: Ctx): Promise<string> {
  const userId = actorUserId(ctx.actor);
  if (!userId) return DEFAULT_TIME_ZONE;
  const [row] = await tx.select({ timezone: users.timezone }).from(users).where(eq(users.id, userId));
  return row?.timezone ?? DEFAULT_TIME_ZONE;
}

async function assertNameFree(tx: DbOrTx, name: string, exceptId?: string) {
  const [clash] = await tx
    .select({ id: oncallSchedules.id })
    .from(oncallSchedules)
    .where(sql`lower(${oncallSchedules.name}) = lower(${name})`);
  if (clash && clash.id !== exceptId) throw new AppError("conflict", `A schedule named ${name} already exists`);
}

async function lockSchedule(tx: DbOrTx, scheduleId: string, seenVersion?: number) {
  const [row] = await tx.select().from(oncallSchedules).where(eq(oncallSchedules.id, scheduleId)).for("update");
  if (!row) throw new AppError("not_found", "No such schedule");
  if (seenVersion !== undefined && seenVersion !== row.version) {
    throw new AppError(
      "conflict",
      `The schedule ${row.name} was changed by someone else after you opened it; reload and save again`,
    );
  }
  return row;
}

// Every change to a schedule or its parts moves its version, so open pages and caches see it changed.
async function touchSchedule(tx: DbOrTx, scheduleId: string) {
  await tx
    .update(oncallSchedules)
    .set({ version: sql`${oncallSchedules.version} + 1`, updatedAt: new Date() })
    .where(eq(oncallSchedules.id, scheduleId));
}

export async function createSchedule(ctx: Ctx, input: CreateSchedule) {
  assertCan(ctx.actor, "oncall.schedules.manage");
  const data = parseInput(CreateSchedule, input);
  return ctx.db.transaction(async (tx) => {
    await assertNameFree(tx, data.name);
    const [schedule] = await tx
      .insert(oncallSchedules)
      .values({
        name: data.name,
        description: data.description ?? "",
        timeZone: data.timeZone ?? (await actorTimeZone(tx, ctx)),
        teamId: data.teamId ?? null,
      })
      .returning();
    await recordAudit(tx, ctx, {
      action: "oncall_schedule.create",
      entityType: "oncall_schedule",
      entityId: schedule.id,
      after: auditable(schedule),
    });
    return schedule;
  });
}

export async function updateSchedule(ctx: Ctx, input: UpdateSchedule) {
  assertCan(ctx.actor, "oncall.schedules.manage");
  const { scheduleId, version, ...data } = parseInput(UpdateSchedule, input);
  return ctx.db.transaction(async (tx) => {
    const before = await lockSchedule(tx, scheduleId, version);
    await assertNameFree(tx, data.name, scheduleId);
    const [after] = await tx
      .update(oncallSchedules)
      .set({
        name: data.name,
        description: data.description ?? before.description,
        timeZone: data.timeZone ?? before.timeZone,
        teamId: data.teamId === undefined ? before.teamId : data.teamId,
        version: before.version + 1,
        updatedAt: new Date(),
      })
      .where(eq(oncallSchedules.id, scheduleId))
      .returning();
    await recordAudit(tx, ctx, {
      action: "oncall_schedule.update",
      entityType: "oncall_schedule",
      entityId: scheduleId,
      before: auditable(before),
      after: auditable(after),
    });
    return after;
  });
}

export async function deleteSchedule(ctx: Ctx, input: ScheduleRef) {
  assertCan(ctx.actor, "oncall.schedules.manage");
  const { scheduleId } = parseInput(ScheduleRef, input);
  return ctx.db.transaction(async (tx) => {
    const before = await lockSchedule(tx, scheduleId);
    const usedBy = await policiesUsingSchedule(tx, scheduleId);
    if (usedBy.length) {
      throw new AppError(
        "conflict",
        `The schedule is used by the escalation policies ${usedBy.join(", ")}; remove it from their steps first`,
      );
    }
    const layers = await tx.select().from(oncallLayers).where(eq(oncallLayers.scheduleId, scheduleId));
    await tx.delete(oncallSchedules).where(eq(oncallSchedules.id, scheduleId));
    await recordAudit(tx, ctx, {
      action: "oncall_schedule.delete",
      entityType: "oncall_schedule",
      entityId: scheduleId,
      before: { ...auditable(before), layers: layers.map((l) => l.name) },
    });
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Layers

const WallTime = z
  .string({ error: "Enter a date and time" })
  .trim()
  .transform((v) => v.replace(/^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}):00(\.0+)?$/, "$1"))
  .refine((v) => parseWallTime(v) !== null, "Enter a date and time");

const LayerShape = {
  name: z
    .string({ error: "Give the layer a name" })
    .trim()
    .min(1, "Give the layer a name")
    .max(100, "Name is at most 100 characters"),
  rotationKind: z.enum(ROTATION_KINDS, { error: "Choose daily, weekly or custom" }),
  shiftHours: z
    .number({ error: "Enter the shift length in whole hours" })
    .int("Enter the shift length in whole hours")
    .min(1, "A shift lasts 1 to 2160 hours")
    .max(2160, "A shift lasts 1 to 2160 hours")
    .optional(),
  startsAt: WallTime,
  endsAt: WallTime.nullable().optional(),
  restrictions: weeklyRanges(z.array(HoursRange).max(70, "At most 70 time ranges")).optional(),
  members: z
    .array(z.uuid({ error: "Choose people from the list" }), { error: "Add at least one person to the rotation" })
    .min(1, "A rotation with no members puts nobody on call: add at least one person")
    .max(50, "At most 50 people in a rotation"),
};

type LayerParsed = {
  rotationKind: RotationKind;
  shiftHours?: number;
  startsAt: string;
  endsAt?: string | null;
  restrictions?: LayerRestriction[];
};

function layerRules(layer: LayerParsed, ctx: z.RefinementCtx) {
  if (layer.rotationKind === "custom" && layer.shiftHours === undefined) {
    ctx.addIssue({ code: "custom", path: ["shiftHours"], message: "Enter the shift length in whole hours" });
  }
  if (layer.endsAt && layer.endsAt <= layer.startsAt) {
    ctx.addIssue({ code: "custom", path: ["endsAt"], message: "The end must be after the start" });
  }
}

// Daily and weekly shifts are stored as 24 and 168 hours.
function layerValues<T extends LayerParsed>({ shiftHours, ...layer }: T) {
  return {
    ...layer,
    shiftHours: layer.rotationKind === "daily" ? 24 : layer.rotationKind === "weekly" ? 168 : (shiftHours ?? 168),
    endsAt: layer.endsAt ?? null,
    restrictions: layer.restrictions ?? [],
  };
}

export const AddLayer = z
  .strictObject({ scheduleId: z.uuid({ error: "No such schedule" }), ...LayerShape })
  .superRefine(layerRules)
  .transform(layerValues);
export type AddLayer = z.input<typeof AddLayer>;

export const UpdateLayer = z
  .strictObject({ layerId: z.uuid({ error: "No such layer" }), ...LayerShape, ...SeenVersion })
  .superRefine(layerRules)
  .transform(layerValues);
export type UpdateLayer = z.input<typeof UpdateLayer>;

export const LayerRef = z.strictObject({ layerId: z.uuid({ error: "No such layer" }) });
export type LayerRef = z.input<typeof LayerRef>;

export const MoveLayer = z.strictObject({
  layerId: z.uuid({ error: "No such layer" }),
  direction: z.enum(["up", "down"], { error: "Move up or down" }),
});
export type MoveLayer = z.input<typeof MoveLayer>;

// People put on call must be active staff: requesters and deactivated people cannot be paged.
async function assertOnCallable(tx: DbOrTx, userIds: string[], field: "members" | "userId") {
  const wanted = [...new Set(userIds)];
  const rows = await tx
    .select({ id: users.id, name: users.name, role: users.role, isActive: users.isActive })
    .from(users)
    .where(inArray(users.id, wanted));
  const unfit = rows.find((u) => !u.isActive || u.role === "requester");
  const message =
    rows.length !== wanted.length
      ? "Choose people from the list"
      : unfit
        ? `${unfit.name} cannot be on call: choose active staff`
        : null;
  if (message) throw new AppError("invalid", `${field}: ${message}`, { fields: { [field]: [message] } });
}

async function writeMembers(tx: DbOrTx, layerId: string, members: string[]) {
  await tx.delete(oncallLayerMembers).where(eq(oncallLayerMembers.layerId, layerId));
  await tx.insert(oncallLayerMembers).values(members.map((userId, position) => ({ layerId, position, userId })));
}

async function layerMembers(tx: DbOrTx, layerId: string) {
  const rows = await tx
    .select({ userId: oncallLayerMembers.userId })
    .from(oncallLayerMembers)
    .where(eq(oncallLayerMembers.layerId, layerId))
    .orderBy(asc(oncallLayerMembers.position));
  return rows.map((r) => r.userId);
}

async function lockLayer(tx: DbOrTx, layerId: string, seenVersion?: number) {
  const [layer] = await tx.select().from(oncallLayers).where(eq(oncallLayers.id, layerId));
  if (!layer) throw new AppError("not_found", "No such layer");
  await lockSchedule(tx, layer.scheduleId, seenVersion);
  return { ...layer, members: await layerMembers(tx, layerId) };
}

export async function addLayer(ctx: Ctx, input: AddLayer) {
  assertCan(ctx.actor, "oncall.schedules.manage");
  const { scheduleId, ...data } = parseInput(AddLayer, input);
  return ctx.db.transaction(async (tx) => {
    await lockSchedule(tx, scheduleId);
    await assertOnCallable(tx, data.members, "members");
    const [{ top }] = await tx
      .select({ top: max(oncallLayers.position) })
      .from(oncallLayers)
      .where(eq(oncallLayers.scheduleId, scheduleId));
    const { members, ...fields } = data;
    // A new layer goes on top, where it takes effect.
    const [layer] = await tx
      .insert(oncallLayers)
      .values({ ...fields, scheduleId, position: top === null ? 0 : top + 1 })
      .returning();
    await writeMembers(tx, layer.id, members);
    await touchSchedule(tx, scheduleId);
    await recordAudit(tx, ctx, {
      action: "oncall_layer.create",
      entityType: "oncall_layer",
      entityId: layer.id,
      after: { ...layer, members },
    });
    return { ...layer, members };
  });
}

export async function updateLayer(ctx: Ctx, input: UpdateLayer) {
  assertCan(ctx.actor, "oncall.schedules.manage");
  const { layerId, version, ...data } = parseInput(UpdateLayer, input);
  return ctx.db.transaction(async (tx) => {
    const before = await lockLayer(tx, layerId, version);
    await assertOnCallable(tx, data.members, "members");
    const { members, ...fields } = data;
    const [layer] = await tx
      .update(oncallLayers)
      .set({ ...fields, updatedAt: new Date() })
      .where(eq(oncallLayers.id, layerId))
      .returning();
    await writeMembers(tx, layerId, members);
    await touchSchedule(tx, before.scheduleId);
    await recordAudit(tx, ctx, {
      action: "oncall_layer.update",
      entityType: "oncall_layer",
      entityId: layerId,
      before,
      after: { ...layer, members },
    });
    return { ...layer, members };
  });
}

export async function deleteLayer(ctx: Ctx, input: LayerRef) {
  assertCan(ctx.actor, "oncall.schedules.manage");
  const { layerId } = parseInput(LayerRef, input);
  return ctx.db.transaction(async (tx) => {
    const before = await lockLayer(tx, layerId);
    await tx.delete(oncallLayers).where(eq(oncallLayers.id, layerId));
    await touchSchedule(tx, before.scheduleId);
    await recordAudit(tx, ctx, {
      action: "oncall_layer.delete",
      entityType: "oncall_layer",
      entityId: layerId,
      before,
    });
  });
}

// "up" raises a layer over the one above it (higher positions win).
export async function moveLayer(ctx: Ctx, input: MoveLayer) {
  assertCan(ctx.actor, "oncall.schedules.manage");
  const { layerId, direction } = parseInput(MoveLayer, input);
  return ctx.db.transaction(async (tx) => {
    const layer = await lockLayer(tx, layerId);
    const ordered = await tx
      .select({ id: oncallLayers.id, position: oncallLayers.position })
      .from(oncallLayers)
      .where(eq(oncallLayers.scheduleId, layer.scheduleId))
      .orderBy(desc(oncallLayers.position), asc(oncallLayers.createdAt));
    const index = ordered.findIndex((l) => l.id === layerId);
    const swapWith = direction === "up" ? index - 1 : index + 1;
    if (swapWith < 0 || swapWith >= ordered.length) return;
    [ordered[index], ordered[swapWith]] = [ordered[swapWith], ordered[index]];
    for (const [i, l] of ordered.entries()) {
      const position = ordered.length - 1 - i;
      if (l.position !== position) await tx.update(oncallLayers).set({ position }).where(eq(oncallLayers.id, l.id));
    }
    await touchSchedule(tx, layer.scheduleId);
    await recordAudit(tx, ctx, {
      action: "oncall_layer.move",
      entityType: "oncall_layer",
      entityId: layerId,
      before: { position: layer.position },
      after: { position: ordered.length - 1 - swapWith, direction },
    });
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Overrides

const Instant = z.coerce.date({ error: "Enter a date and time" });

export const AddOverride = z
  .strictObject({
    scheduleId: z.uuid({ error: "No such schedule" }),
    userId: z.uuid({ error: "Choose a person" }),
    startsAt: Instant,
    endsAt: Instant,
    note: z.string().trim().max(500, "A note is at most 500 characters").optional(),
  })
  .superRefine((o, ctx) => {
    if (o.endsAt <= o.startsAt) {
      ctx.addIssue({ code: "custom", path: ["endsAt"], message: "The end must be after the start" });
    } else if (o.endsAt.getTime() - o.startsAt.getTime() > MAX_OVERRIDE_MS) {
      ctx.addIssue({ code: "custom", path: ["endsAt"], message: "An override lasts at most a year" });
    }
  });
export type AddOverride = z.input<typeof AddOverride>;

export const OverrideRef = z.strictObject({ overrideId: z.uuid({ error: "No such override" }) });
export type OverrideRef = z.input<typeof OverrideRef>;

const shortTime = (date: Date, timeZone: string) => dateToLocalInput(date, timeZone).replace("T", " ");

export async function addOverride(ctx: Ctx, input: AddOverride) {
  assertCan(ctx.actor, "oncall.schedules.manage");
  const data = parseInput(AddOverride, input);
  return ctx.db.transaction(async (tx) => {
    // The schedule's row lock serialises overrides, so two overlapping ones cannot both pass the check.
    await lockSchedule(tx, data.scheduleId);
    await assertOnCallable(tx, [data.userId], "userId");
    const [clash] = await tx
      .select({ startsAt: oncallOverrides.startsAt, endsAt: oncallOverrides.endsAt, name: users.name })
      .from(oncallOverrides)
      .innerJoin(users, eq(users.id, oncallOverrides.userId))
      .where(
        and(
          eq(oncallOverrides.scheduleId, data.scheduleId),
          lt(oncallOverrides.startsAt, data.endsAt),
          gt(oncallOverrides.endsAt, data.startsAt),
        ),
      )
      .orderBy(asc(oncallOverrides.startsAt))
      .limit(1);
    if (clash) {
      const zone = await actorTimeZone(tx, ctx);
      throw new AppError(
        "conflict",
        `This overlaps the override for ${clash.name} from ${shortTime(clash.startsAt, zone)} to ${shortTime(clash.endsAt, zone)} (${zone})`,
      );
    }
    const [override] = await tx
      .insert(oncallOverrides)
      .values({ ...data, note: data.note ?? "", createdById: actorUserId(ctx.actor) })
      .returning();
    await touchSchedule(tx, data.scheduleId);
    await recordAudit(tx, ctx, {
      action: "oncall_override.create",
      entityType: "oncall_override",
      entityId: override.id,
      after: override,
    });
    return override;
  });
}

export async function deleteOverride(ctx: Ctx, input: OverrideRef) {
  assertCan(ctx.actor, "oncall.schedules.manage");
  const { overrideId } = parseInput(OverrideRef, input);
  return ctx.db.transaction(async (tx) => {
    const [before] = await tx.select().from(oncallOverrides).where(eq(oncallOverrides.id, overrideId));
    if (!before) throw new AppError("not_found", "No such override");
    await lockSchedule(tx, before.scheduleId);
    await tx.delete(oncallOverrides).where(eq(oncallOverrides.id, overrideId));
    await touchSchedule(tx, before.scheduleId);
    await recordAudit(tx, ctx, {
      action: "oncall_override.delete",
      entityType: "oncall_override",
      entityId: overrideId,
      before,
    });
  });
}

// ---------------------------------------------------------------------------------------------------------------
// iCal feed token: shown once; only its SHA-256 is kept.

export function feedUrl(token: string): string {
  return new URL(`/ical/${token}`, env().APP_URL).toString();
}

export async function issueFeedToken(ctx: Ctx, input: ScheduleRef): Promise<{ token: string; url: string }> {
  assertCan(ctx.actor, "oncall.schedules.manage");
  const { scheduleId } = parseInput(ScheduleRef, input);
  const token = randomBytes(32).toString("base64url");
  return ctx.db.transaction(async (tx) => {
    const before = await lockSchedule(tx, scheduleId);
    await tx
      .update(oncallSchedules)
      .set({ feedTokenHash: hashSecret(token), version: before.version + 1, updatedAt: new Date() })
      .where(eq(oncallSchedules.id, scheduleId));
    await recordAudit(tx, ctx, {
      action: before.feedTokenHash ? "oncall_schedule.feed_regenerate" : "oncall_schedule.feed_issue",
      entityType: "oncall_schedule",
      entityId: scheduleId,
    });
    return { token, url: feedUrl(token) };
  });
}

export async function revokeFeedToken(ctx: Ctx, input: ScheduleRef) {
  assertCan(ctx.actor, "oncall.schedules.manage");
  const { scheduleId } = parseInput(ScheduleRef, input);
  return ctx.db.transaction(async (tx) => {
    const before = await lockSchedule(tx, scheduleId);
    if (!before.feedTokenHash) return;
    await tx
      .update(oncallSchedules)
      .set({ feedTokenHash: null, version: before.version + 1, updatedAt: new Date() })
      .where(eq(oncallSchedules.id, scheduleId));
    await recordAudit(tx, ctx, {
      action: "oncall_schedule.feed_revoke",
      entityType: "oncall_schedule",
      entityId: scheduleId,
    });
  });
}
