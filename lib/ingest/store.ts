import { and, eq, isNull, lt, or, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import { events, type Integration, integrations } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { BAD_KEY_MESSAGE } from "@/lib/integrations/authenticate";
import type { ParsedEvent } from "./parsers/common";

function pgCode(error: unknown): string | undefined {
  const cause = (error as { cause?: unknown })?.cause ?? error;
  return (cause as { code?: string })?.code;
}

// lastEventAt only ever moves forward, by at least a second at a time (see the UPDATE below).
export function isLastEventRecent(lastEventAt: Date | null | undefined, now: Date) {
  return lastEventAt != null && lastEventAt.getTime() >= now.getTime() - 1000;
}

// Every alert of the payload is a row, or none is. `integration.lastEventAt` is the value the request's authentication
// read: when it is within the last second the UPDATE would match no row, so the request is a single INSERT (atomic on
// its own) instead of BEGIN, INSERT, UPDATE, COMMIT — under sustained load that is nearly every request.
export async function storeEvents(
  db: Db,
  integration: Pick<Integration, "id" | "kind"> & Partial<Pick<Integration, "lastEventAt">>,
  requestId: string,
  parsed: ParsedEvent[],
  now: Date,
): Promise<number[]> {
  const insertEvents = (target: DbOrTx) =>
    target
      .insert(events)
      .values(
        parsed.map(({ normalized, payload }) => ({
          integrationId: integration.id,
          requestId,
          kind: integration.kind,
          action: normalized.action,
          fingerprint: normalized.fingerprint,
          payload,
          normalized,
          receivedAt: now,
        })),
      )
      .returning({ id: events.id });
  try {
    if (isLastEventRecent(integration.lastEventAt, now)) return (await insertEvents(db)).map((r) => r.id);
    return await db.transaction(async (tx) => {
      const rows = await insertEvents(tx);
      // A one-second resolution keeps concurrent senders of one integration from queueing on its row.
      await tx
        .update(integrations)
        .set({ lastEventAt: now })
        .where(
          and(
            eq(integrations.id, integration.id),
            or(isNull(integrations.lastEventAt), lt(integrations.lastEventAt, new Date(now.getTime() - 1000))),
          ),
        );
      return rows.map((r) => r.id);
    });
  } catch (error) {
    if (error instanceof AppError) throw error;
    const code = pgCode(error);
    if (code === "23503") throw new AppError("unauthorized", BAD_KEY_MESSAGE);
    if (code === "22P05" || code === "22021") {
      throw new AppError("invalid", "The payload holds a character Postgres cannot store (such as \\u0000)");
    }
    console.error("ingest: storing events failed", error);
    throw new AppError("unavailable", "The events could not be stored; retry shortly");
  }
}

// Bookkeeping for a refused request from a known sender; it never touches the events of the refused payload.
export async function recordIntegrationError(db: Db, integrationId: string, message: string, now: Date) {
  try {
    await db
      .update(integrations)
      .set({
        errorCount: sql`${integrations.errorCount} + 1`,
        lastError: message.slice(0, 1000),
        lastErrorAt: now,
      })
      .where(eq(integrations.id, integrationId));
  } catch (error) {
    console.warn(`ingest: could not record the error of integration ${integrationId}: ${(error as Error).message}`);
  }
}
