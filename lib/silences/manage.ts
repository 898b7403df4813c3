import { and, asc, desc, eq, gt, isNull } from "drizzle-orm";
import { z } from "zod";
import { maintenanceWindows, silences } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { actorUserId, assertCan } from "@/lib/auth/permissions";
import type { Ctx } from "@/lib/context";
import { LabelMatcher } from "@/lib/engine/matchers";
import { AppError, parseInput } from "@/lib/errors";

const Comment = z.string().trim().max(2000).default("");
const When = z.coerce.date();

function endsAfterStarts<T extends { startsAt: Date; endsAt: Date }>(schema: z.ZodType<T>) {
  return schema.refine((v) => v.endsAt > v.startsAt, { message: "The end must be after the start", path: ["endsAt"] });
}

export const CreateSilence = endsAfterStarts(
  z.object({
    matchers: z.array(LabelMatcher).min(1, "A silence needs at least one matcher").max(50),
    startsAt: When,
    endsAt: When,
    comment: Comment,
  }),
);
export type CreateSilence = z.input<typeof CreateSilence>;

export async function createSilence(ctx: Ctx, input: CreateSilence) {
  assertCan(ctx.actor, "silences.manage");
  const data = parseInput(CreateSilence, input);
  return ctx.db.transaction(async (tx) => {
    const [silence] = await tx
      .insert(silences)
      .values({ ...data, createdById: actorUserId(ctx.actor) })
      .returning();
    await recordAudit(tx, ctx, {
      action: "silence.create",
      entityType: "silence",
      entityId: silence.id,
      after: silence,
    });
    return silence;
  });
}

export const ExpireSilence = z.object({ silenceId: z.uuid() });
export type ExpireSilence = z.input<typeof ExpireSilence>;

export async function expireSilence(ctx: Ctx, input: ExpireSilence) {
  assertCan(ctx.actor, "silences.manage");
  const { silenceId } = parseInput(ExpireSilence, input);
  return ctx.db.transaction(async (tx) => {
    const [before] = await tx.select().from(silences).where(eq(silences.id, silenceId)).for("update");
    if (!before) throw new AppError("not_found", "No such silence");
    const now = new Date();
    if (before.expiredAt || before.endsAt <= now) throw new AppError("conflict", "The silence has already ended");
    const [after] = await tx.update(silences).set({ expiredAt: now }).where(eq(silences.id, silenceId)).returning();
    await recordAudit(tx, ctx, { action: "silence.expire", entityType: "silence", entityId: silenceId, before, after });
    return after;
  });
}

export const CreateMaintenanceWindow = endsAfterStarts(
  z
    .object({
      name: z.string().trim().min(1, "Name is required").max(200),
      serviceId: z.uuid().nullish(),
      matchers: z.array(LabelMatcher).max(50).default([]),
      startsAt: When,
      endsAt: When,
      comment: Comment,
    })
    .refine((v) => v.serviceId || v.matchers.length > 0, {
      message: "Choose a service or give label matchers",
      path: ["matchers"],
    }),
);
export type CreateMaintenanceWindow = z.input<typeof CreateMaintenanceWindow>;

export async function createMaintenanceWindow(ctx: Ctx, input: CreateMaintenanceWindow) {
  assertCan(ctx.actor, "silences.manage");
  const data = parseInput(CreateMaintenanceWindow, input);
  return ctx.db.transaction(async (tx) => {
    const [window] = await tx
      .insert(maintenanceWindows)
      .values({ ...data, serviceId: data.serviceId ?? null, createdById: actorUserId(ctx.actor) })
      .returning();
    await recordAudit(tx, ctx, {
      action: "maintenance_window.create",
      entityType: "maintenance_window",
      entityId: window.id,
      after: window,
    });
    return window;
  });
}

export const CancelMaintenanceWindow = z.object({ windowId: z.uuid() });
export type CancelMaintenanceWindow = z.input<typeof CancelMaintenanceWindow>;

export async function cancelMaintenanceWindow(ctx: Ctx, input: CancelMaintenanceWindow) {
  assertCan(ctx.actor, "silences.manage");
  const { windowId } = parseInput(CancelMaintenanceWindow, input);
  return ctx.db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(maintenanceWindows)
      .where(eq(maintenanceWindows.id, windowId))
      .for("update");
    if (!before) throw new AppError("not_found", "No such maintenance window");
    const now = new Date();
    if (before.cancelledAt || before.endsAt <= now) throw new AppError("conflict", "The window has already ended");
    const [after] = await tx
      .update(maintenanceWindows)
      .set({ cancelledAt: now })
      .where(eq(maintenanceWindows.id, windowId))
      .returning();
    await recordAudit(tx, ctx, {
      action: "maintenance_window.cancel",
      entityType: "maintenance_window",
      entityId: windowId,
      before,
      after,
    });
    return after;
  });
}

export const ListSuppressions = z.object({ includeEnded: z.boolean().default(false) });
export type ListSuppressions = z.input<typeof ListSuppressions>;

// Current and future silences and windows (or all of them), newest first.
export async function listSuppressions(ctx: Ctx, input: ListSuppressions = {}) {
  assertCan(ctx.actor, "tickets.read");
  const { includeEnded } = parseInput(ListSuppressions, input);
  const now = new Date();
  const silenceRows = await ctx.db
    .select()
    .from(silences)
    .where(includeEnded ? undefined : and(isNull(silences.expiredAt), gt(silences.endsAt, now)))
    .orderBy(desc(silences.startsAt), asc(silences.id));
  const windowRows = await ctx.db
    .select()
    .from(maintenanceWindows)
    .where(includeEnded ? undefined : and(isNull(maintenanceWindows.cancelledAt), gt(maintenanceWindows.endsAt, now)))
    .orderBy(desc(maintenanceWindows.startsAt), asc(maintenanceWindows.id));
  return { silences: silenceRows, maintenanceWindows: windowRows };
}
