import { z } from "zod";
import { users } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { hashPassword } from "@/lib/auth/password";
import { assertCan } from "@/lib/auth/permissions";
import type { Ctx } from "@/lib/context";
import { AppError, parseInput } from "@/lib/errors";
import { Email, LocaleInput, Password, PersonName, RoleInput, TimeZone } from "./schemas";

export const CreateUser = z.object({
  email: Email,
  name: PersonName,
  role: RoleInput,
  password: Password,
  locale: LocaleInput.optional(),
  timezone: TimeZone.optional(),
});
export type CreateUser = z.input<typeof CreateUser>;

export async function createUser(ctx: Ctx, input: CreateUser) {
  assertCan(ctx.actor, "users.manage");
  const data = parseInput(CreateUser, input);
  const passwordHash = await hashPassword(data.password);
  return ctx.db.transaction(async (tx) => {
    const [user] = await tx
      .insert(users)
      .values({
        email: data.email,
        name: data.name,
        role: data.role,
        passwordHash,
        locale: data.locale ?? null,
        ...(data.timezone ? { timezone: data.timezone } : {}),
      })
      .onConflictDoNothing()
      .returning();
    if (!user) throw new AppError("conflict", `A user with email ${data.email} already exists`);
    await recordAudit(tx, ctx, { action: "user.create", entityType: "user", entityId: user.id, after: user });
    return user;
  });
}
