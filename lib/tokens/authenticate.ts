import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { apiTokens, users } from "@/db/schema";
import type { Ctx } from "@/lib/context";
import { AppError } from "@/lib/errors";
import { hashSecret } from "./secret";

const LAST_USED_RESOLUTION_MS = 60_000;

// Resolves `Authorization: Bearer <token>` to a context acting as the token's user, with that user's current role.
export async function authenticateBearer(request: Request): Promise<Ctx> {
  const header = request.headers.get("authorization") ?? "";
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw new AppError("unauthorized", "Send an API token as 'Authorization: Bearer <token>'");
  const db = getDb();
  const [row] = await db
    .select({ token: apiTokens, user: users })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(eq(apiTokens.tokenHash, hashSecret(match[1])))
    .limit(1);
  if (!row) throw new AppError("unauthorized", "The API token is not valid");
  if (row.token.revokedAt) throw new AppError("unauthorized", "The API token has been revoked");
  if (row.token.expiresAt && row.token.expiresAt <= new Date()) {
    throw new AppError("unauthorized", "The API token has expired");
  }
  if (!row.user.isActive) throw new AppError("unauthorized", "The API token's user is deactivated");
  if (!row.token.lastUsedAt || Date.now() - row.token.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    await db.update(apiTokens).set({ lastUsedAt: new Date() }).where(eq(apiTokens.id, row.token.id));
  }
  return {
    actor: { type: "token", id: row.token.id, userId: row.user.id, role: row.user.role, label: row.user.email },
    db,
    ip: request.headers.get("x-forwarded-for")?.split(",")[0]?.trim() ?? null,
    userAgent: request.headers.get("user-agent"),
  };
}
