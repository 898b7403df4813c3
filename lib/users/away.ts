import { eq } from "drizzle-orm";
import { z } from "zod";
import { users } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { actorUserId, assertCan } from "@/lib/auth/permissions";
import type { Ctx } from "@/lib/context";
import { AppError, parseInput } from "@/lib/errors";

export const SetAway = z.object({ userId: z.uuid("Choose a user"), isAway: z.boolean() });
export type SetAway = z.input<typeof SetAway>;

// Away members keep their tickets; automatic assignment just passes them over. Anyone may mark themselves, managers anyone.
export async function setAway(ctx: Ctx, input: SetAway) {
  assertCan(ctx.actor, "profile.update");
  const { userId, isAway } = parseInput(SetAway, input);
  if (userId !== actorUserId(ctx.actor)) assertCan(ctx.actor, "teams.manage");
  return ctx.db.transaction(async (tx) => {
    const [before] = await tx.select({ isAway: users.isAway }).from(users).where(eq(users.id, userId)).for("update");
    if (!before) throw new AppError("not_found", "No such user");
    const [after] = await tx
      .update(users)
      .set({ isAway, updatedAt: new Date() })
      .where(eq(users.id, userId))
      .returning({ id: users.id, isAway: users.isAway });
    await recordAudit(tx, ctx, {
      action: "user.away",
      entityType: "user",
      entityId: userId,
      before: { isAway: before.isAway },
      after: { isAway: after.isAway },
    });
    return after;
  });
}
