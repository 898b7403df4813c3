import { eq } from "drizzle-orm";
import { z } from "zod";
import { users } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { actorUserId, assertCan } from "@/lib/auth/permissions";
import type { Ctx } from "@/lib/context";
import { AppError, parseInput } from "@/lib/errors";
import { LocaleInput, PersonName, ThemeInput, TimeZone } from "./schemas";

export const UpdatePreferences = z.object({
  name: PersonName.optional(),
  locale: LocaleInput.optional(),
  timezone: TimeZone.optional(),
  theme: ThemeInput.optional(),
});
export type UpdatePreferences = z.input<typeof UpdatePreferences>;

export async function updatePreferences(ctx: Ctx, input: UpdatePreferences) {
  assertCan(ctx.actor, "profile.update");
  const data = parseInput(UpdatePreferences, input);
  const userId = actorUserId(ctx.actor);
  if (!userId) throw new AppError("forbidden", "Only a user has preferences");
  return ctx.db.transaction(async (tx) => {
    const before = await tx.query.users.findFirst({ where: eq(users.id, userId) });
    if (!before) throw new AppError("not_found", "No such user");
    const [after] = await tx
      .update(users)
      .set({ ...data, updatedAt: new Date() })
      .where(eq(users.id, userId))
      .returning();
    await recordAudit(tx, ctx, {
      action: "user.update_preferences",
      entityType: "user",
      entityId: userId,
      before: { name: before.name, locale: before.locale, timezone: before.timezone, theme: before.theme },
      after: { name: after.name, locale: after.locale, timezone: after.timezone, theme: after.theme },
    });
    return after;
  });
}
