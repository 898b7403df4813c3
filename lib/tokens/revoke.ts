import { eq } from "drizzle-orm";
import { z } from "zod";
import { apiTokens } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { actorUserId, assertCan, can } from "@/lib/auth/permissions";
import type { Ctx } from "@/lib/context";
import { AppError, parseInput } from "@/lib/errors";

export const RevokeApiToken = z.object({ tokenId: z.uuid("tokenId must be a token id") });
export type RevokeApiToken = z.infer<typeof RevokeApiToken>;

export async function revokeApiToken(ctx: Ctx, input: RevokeApiToken) {
  assertCan(ctx.actor, "tokens.own");
  const { tokenId } = parseInput(RevokeApiToken, input);
  return ctx.db.transaction(async (tx) => {
    const before = await tx.query.apiTokens.findFirst({ where: eq(apiTokens.id, tokenId) });
    if (!before) throw new AppError("not_found", "No such token");
    if (before.userId !== actorUserId(ctx.actor) && !can(ctx.actor, "tokens.manage")) {
      throw new AppError("forbidden", "You may revoke only your own tokens");
    }
    if (before.revokedAt) return before;
    const [after] = await tx
      .update(apiTokens)
      .set({ revokedAt: new Date() })
      .where(eq(apiTokens.id, tokenId))
      .returning();
    await recordAudit(tx, ctx, {
      action: "api_token.revoke",
      entityType: "api_token",
      entityId: tokenId,
      before,
      after,
    });
    return after;
  });
}
