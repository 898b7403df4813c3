import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { pgArray } from "./pg-array";

// Events nobody processed in time (Redis lost the job, a worker died): oldest first, for the sweeper to re-enqueue.
export async function staleEventIds(db: DbOrTx, olderThanSeconds: number, limit = 20_000): Promise<number[]> {
  const rows = (await db.execute(sql`
    select id from events
     where processed_at is null and received_at < now() - make_interval(secs => ${olderThanSeconds})
     order by id limit ${limit}`)) as unknown as { id: string | number }[];
  return rows.map((r) => Number(r.id));
}

export async function recordEventFailure(db: DbOrTx, eventIds: number[], message: string) {
  await db.execute(sql`
    update events set attempts = attempts + 1, last_error = ${message.slice(0, 2000)}
     where id = any(${pgArray(eventIds)}::bigint[]) and processed_at is null`);
}
