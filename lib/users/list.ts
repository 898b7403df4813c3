import { asc, eq } from "drizzle-orm";
import { users } from "@/db/schema";
import { actorUserId, assertCan } from "@/lib/auth/permissions";
import type { Ctx } from "@/lib/context";
import { AppError } from "@/lib/errors";

const PUBLIC_COLUMNS = {
  id: users.id,
  email: users.email,
  name: users.name,
  role: users.role,
  locale: users.locale,
  timezone: users.timezone,
  isActive: users.isActive,
  lastLoginAt: users.lastLoginAt,
  createdAt: users.createdAt,
};

export async function listUsers(ctx: Ctx) {
  assertCan(ctx.actor, "users.read");
  return ctx.db.select(PUBLIC_COLUMNS).from(users).orderBy(asc(users.name));
}

// Picking a team member needs names, not the whole user admin, so catalog managers may list active users.
export async function listActiveUserChoices(ctx: Ctx) {
  assertCan(ctx.actor, "teams.manage");
  return ctx.db
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .where(eq(users.isActive, true))
    .orderBy(asc(users.name));
}

export async function getMe(ctx: Ctx) {
  const userId = actorUserId(ctx.actor);
  if (!userId) throw new AppError("forbidden", "Only a user has a profile");
  const [me] = await ctx.db.select(PUBLIC_COLUMNS).from(users).where(eq(users.id, userId));
  if (!me) throw new AppError("not_found", "No such user");
  return me;
}
