import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import { and, eq, gt, isNull } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { type ActionLink, actionLinks, type LinkAction } from "@/db/schema";
import { env, sessionSecret } from "@/lib/env";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let cachedKey: Buffer | undefined;
function linkKey(): Buffer {
  cachedKey ??= Buffer.from(hkdfSync("sha256", sessionSecret(), "watchdesk", "one-tap action links", 32));
  return cachedKey;
}

function signature(link: Pick<ActionLink, "id" | "userId" | "ticketId" | "action" | "expiresAt">): string {
  return createHmac("sha256", linkKey())
    .update(`${link.id}.${link.userId}.${link.ticketId}.${link.action}.${link.expiresAt.getTime()}`)
    .digest("base64url");
}

export type NewActionLink = { userId: string; ticketId: string; action: LinkAction; deliveryId?: string | null };

// Returns the token to put in a URL (`/a/<token>`); only its signature proves it, nothing secret is stored.
export async function createActionLink(db: DbOrTx, input: NewActionLink, now = new Date()): Promise<string> {
  const expiresAt = new Date(now.getTime() + env().ONE_TAP_LINK_HOURS * 3_600_000);
  const [link] = await db
    .insert(actionLinks)
    .values({ ...input, deliveryId: input.deliveryId ?? null, expiresAt, createdAt: now })
    .returning();
  return `${link.id}.${signature(link)}`;
}

// A retried delivery reuses the link it already made, so an earlier message's link keeps working and rows do not pile up.
export async function deliveryActionLink(
  db: DbOrTx,
  input: NewActionLink & { deliveryId: string },
  now = new Date(),
): Promise<string> {
  const [existing] = await db
    .select()
    .from(actionLinks)
    .where(
      and(
        eq(actionLinks.deliveryId, input.deliveryId),
        eq(actionLinks.action, input.action),
        eq(actionLinks.userId, input.userId),
        isNull(actionLinks.usedAt),
        gt(actionLinks.expiresAt, new Date(now.getTime() + 3_600_000)),
      ),
    )
    .limit(1);
  return existing ? `${existing.id}.${signature(existing)}` : createActionLink(db, input, now);
}

export function actionLinkUrl(token: string): string {
  return new URL(`/a/${token}`, env().APP_URL).toString();
}

export type LinkCheck =
  | { ok: true; link: ActionLink }
  | { ok: false; reason: "invalid" | "used" | "expired"; link?: ActionLink };

// Reads a token without changing anything: a GET (or a link scanner) may call this as often as it likes.
export async function checkActionLink(db: DbOrTx, token: string, now = new Date()): Promise<LinkCheck> {
  const [id, sig] = token.split(".");
  if (!id || !sig || !UUID.test(id)) return { ok: false, reason: "invalid" };
  const [link] = await db.select().from(actionLinks).where(eq(actionLinks.id, id));
  if (!link) return { ok: false, reason: "invalid" };
  const expected = Buffer.from(signature(link));
  const given = Buffer.from(sig);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: "invalid" };
  if (link.usedAt) return { ok: false, reason: "used", link };
  if (link.expiresAt <= now) return { ok: false, reason: "expired", link };
  return { ok: true, link };
}

// Marks the link used; only one caller wins, so a double submit acts once.
export async function consumeActionLink(tx: DbOrTx, linkId: string, now = new Date()): Promise<boolean> {
  const rows = await tx
    .update(actionLinks)
    .set({ usedAt: now })
    .where(and(eq(actionLinks.id, linkId), isNull(actionLinks.usedAt), gt(actionLinks.expiresAt, now)))
    .returning({ id: actionLinks.id });
  return rows.length === 1;
}
