import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { type Integration, integrations } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { hashSecret } from "@/lib/tokens/secret";

export const BAD_KEY_MESSAGE = "The integration key is not valid";

// Senders that cannot set headers pass the key as ?key=; a header wins when both are present.
export function integrationKeyFrom(request: Request): string | null {
  const match = /^Bearer\s+(\S+)$/i.exec(request.headers.get("authorization") ?? "");
  if (match) return match[1];
  return new URL(request.url).searchParams.get("key") || null;
}

// Unknown, rotated-away and disabled keys get the same answer, so the endpoint does not tell which keys exist.
export async function authenticateIntegrationKey(db: DbOrTx, key: string | null | undefined): Promise<Integration> {
  if (!key) throw new AppError("unauthorized", "Send the integration key as 'Authorization: Bearer <key>' or ?key=");
  const [row] = await db
    .select()
    .from(integrations)
    .where(eq(integrations.keyHash, hashSecret(key)))
    .limit(1);
  if (!row?.isEnabled) throw new AppError("unauthorized", BAD_KEY_MESSAGE);
  return row;
}
