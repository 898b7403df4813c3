import { and, isNotNull, lt, or } from "drizzle-orm";
import { apiTokens } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { assertCan } from "@/lib/auth/permissions";
import type { Ctx } from "@/lib/context";

export const TOKEN_RETENTION_DAYS = 30;

// Revoked or expired tokens are kept a month for investigation, then removed; the audit log keeps their history.
export async function purgeDeadApiTokens(ctx: Ctx, now = new Date()) {
  assertCan(ctx.actor, "tokens.manage");
  const cutoff = new Date(now.getTime() - TOKEN_RETENTION_DAYS * 86_400_000);
  return ctx.db.transaction(async (tx) => {
    const removed = await tx
      .delete(apiTokens)
      .where(or(and(isNotNull(apiTokens.revokedAt), lt(apiTokens.revokedAt, cutoff)), lt(apiTokens.expiresAt, cutoff)))
      .returning({ id: apiTokens.id, userId: apiTokens.userId, name: apiTokens.name });
    if (removed.length) {
      await recordAudit(tx, ctx, { action: "api_token.purge", entityType: "api_token", before: removed });
    }
    return removed.length;
  });
}
