import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { apiTokens, users } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { actorUserId, assertCan, can } from "@/lib/auth/permissions";
import type { Ctx } from "@/lib/context";
import { AppError, parseInput } from "@/lib/errors";
import { generateSecret, hashSecret } from "./secret";

export const CreateApiToken = z.object({
  userId: z.uuid("userId must be a user id"),
  name: z.string().trim().min(1, "Name is required").max(100, "Name is at most 100 characters"),
  expiresInDays: z.coerce.number().int().min(1).max(3650).optional(),
});
export type CreateApiToken = z.infer<typeof CreateApiToken>;

export async function createApiToken(ctx: Ctx, input: CreateApiToken) {
  assertCan(ctx.actor, "tokens.own");
  const data = parseInput(CreateApiToken, input);
  if (data.userId !== actorUserId(ctx.actor) && !can(ctx.actor, "tokens.manage")) {
    throw new AppError("forbidden", "You may create tokens only for yourself");
  }
  const secret = generateSecret("wd");
  return ctx.db.transaction(async (tx) => {
    const owner = await tx.query.users.findFirst({ where: and(eq(users.id, data.userId), eq(users.isActive, true)) });
    if (!owner) throw new AppError("not_found", "No active user with that id");
    const [token] = await tx
      .insert(apiTokens)
      .values({
        userId: owner.id,
        name: data.name,
        tokenHash: hashSecret(secret),
        tokenPrefix: secret.slice(0, 10),
        createdById: actorUserId(ctx.actor),
        expiresAt: data.expiresInDays ? new Date(Date.now() + data.expiresInDays * 86_400_000) : null,
      })
      .returning();
    await recordAudit(tx, ctx, {
      action: "api_token.create",
      entityType: "api_token",
      entityId: token.id,
      after: token,
    });
    return { token, secret };
  });
}
