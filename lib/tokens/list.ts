import { desc, eq } from "drizzle-orm";
import { apiTokens } from "@/db/schema";
import { actorUserId, assertCan } from "@/lib/auth/permissions";
import type { Ctx } from "@/lib/context";

export async function listOwnApiTokens(ctx: Ctx) {
  assertCan(ctx.actor, "tokens.own");
  const userId = actorUserId(ctx.actor);
  if (!userId) return [];
  return ctx.db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      tokenPrefix: apiTokens.tokenPrefix,
      createdAt: apiTokens.createdAt,
      lastUsedAt: apiTokens.lastUsedAt,
      expiresAt: apiTokens.expiresAt,
      revokedAt: apiTokens.revokedAt,
    })
    .from(apiTokens)
    .where(eq(apiTokens.userId, userId))
    .orderBy(desc(apiTokens.createdAt));
}
