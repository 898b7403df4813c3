import { and, eq, ne, sql } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "@/db/client";
import { type User, users } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { hashPassword } from "@/lib/auth/password";
import { actorUserId, assertCan } from "@/lib/auth/permissions";
import type { Ctx } from "@/lib/context";
import { AppError, parseInput } from "@/lib/errors";
import { Password, PersonName, RoleInput } from "./schemas";

const UserId = z.uuid("userId must be a user id");

async function loadForUpdate(tx: Tx, userId: string): Promise<User> {
  const [user] = await tx.select().from(users).where(eq(users.id, userId)).for("update");
  if (!user) throw new AppError("not_found", "No such user");
  return user;
}

const ADMIN_CHANGE_LOCK = 7_271_005;

// The lock serialises changes that could remove an admin; without it two concurrent changes could each count the other.
async function assertAnotherActiveAdmin(tx: Tx, userId: string) {
  await tx.execute(sql`select pg_advisory_xact_lock(${ADMIN_CHANGE_LOCK})`);
  const [{ count }] = await tx
    .select({ count: sql<number>`count(*)::int` })
    .from(users)
    .where(and(eq(users.role, "admin"), eq(users.isActive, true), ne(users.id, userId)));
  if (count === 0) throw new AppError("conflict", "Watchdesk needs at least one active admin");
}

export const UpdateUser = z.object({ userId: UserId, name: PersonName.optional(), role: RoleInput.optional() });
export type UpdateUser = z.input<typeof UpdateUser>;

// A role change bumps the token version, so the user's open sessions end at their next request.
export async function updateUser(ctx: Ctx, input: UpdateUser) {
  assertCan(ctx.actor, "users.manage");
  const data = parseInput(UpdateUser, input);
  return ctx.db.transaction(async (tx) => {
    const before = await loadForUpdate(tx, data.userId);
    const isRoleChange = data.role !== undefined && data.role !== before.role;
    if (isRoleChange && before.role === "admin") await assertAnotherActiveAdmin(tx, before.id);
    const [after] = await tx
      .update(users)
      .set({
        name: data.name ?? before.name,
        role: data.role ?? before.role,
        tokenVersion: isRoleChange ? before.tokenVersion + 1 : before.tokenVersion,
        updatedAt: new Date(),
      })
      .where(eq(users.id, before.id))
      .returning();
    await recordAudit(tx, ctx, { action: "user.update", entityType: "user", entityId: before.id, before, after });
    return after;
  });
}

export const SetUserActive = z.object({ userId: UserId, isActive: z.boolean() });
export type SetUserActive = z.input<typeof SetUserActive>;

export async function setUserActive(ctx: Ctx, input: SetUserActive) {
  assertCan(ctx.actor, "users.manage");
  const data = parseInput(SetUserActive, input);
  if (!data.isActive && data.userId === actorUserId(ctx.actor)) {
    throw new AppError("conflict", "You cannot deactivate your own account");
  }
  return ctx.db.transaction(async (tx) => {
    const before = await loadForUpdate(tx, data.userId);
    if (before.isActive === data.isActive) return before;
    if (!data.isActive && before.role === "admin") await assertAnotherActiveAdmin(tx, before.id);
    const [after] = await tx
      .update(users)
      .set({ isActive: data.isActive, tokenVersion: before.tokenVersion + 1, updatedAt: new Date() })
      .where(eq(users.id, before.id))
      .returning();
    await recordAudit(tx, ctx, {
      action: data.isActive ? "user.reactivate" : "user.deactivate",
      entityType: "user",
      entityId: before.id,
      before,
      after,
    });
    return after;
  });
}

export const ResetPassword = z.object({ userId: UserId, password: Password });
export type ResetPassword = z.input<typeof ResetPassword>;

export async function resetPassword(ctx: Ctx, input: ResetPassword) {
  assertCan(ctx.actor, "users.manage");
  const data = parseInput(ResetPassword, input);
  const passwordHash = await hashPassword(data.password);
  return ctx.db.transaction(async (tx) => {
    const before = await loadForUpdate(tx, data.userId);
    const [after] = await tx
      .update(users)
      .set({ passwordHash, tokenVersion: before.tokenVersion + 1, updatedAt: new Date() })
      .where(eq(users.id, before.id))
      .returning();
    await recordAudit(tx, ctx, {
      action: "user.reset_password",
      entityType: "user",
      entityId: before.id,
      before: { tokenVersion: before.tokenVersion },
      after: { tokenVersion: after.tokenVersion },
    });
    return after;
  });
}
