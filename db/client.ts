import { drizzle, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { env } from "@/lib/env";
import * as schema from "./schema";

export type Db = PostgresJsDatabase<typeof schema>;
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
export type DbOrTx = Db | Tx;

const globalForDb = globalThis as unknown as { wdSql?: postgres.Sql; wdDb?: Db };

export function createDb(url: string, options: postgres.Options<Record<string, never>> = {}) {
  const sql = postgres(url, { max: 10, idle_timeout: 30, connect_timeout: 5, onnotice: () => {}, ...options });
  return { sql, db: drizzle(sql, { schema }) };
}

export function getDb(): Db {
  if (!globalForDb.wdDb) {
    const { sql, db } = createDb(env().DATABASE_URL);
    globalForDb.wdSql = sql;
    globalForDb.wdDb = db;
  }
  return globalForDb.wdDb;
}

export function getSql(): postgres.Sql {
  getDb();
  return globalForDb.wdSql as postgres.Sql;
}

export async function closeDb() {
  await globalForDb.wdSql?.end({ timeout: 5 });
  globalForDb.wdSql = undefined;
  globalForDb.wdDb = undefined;
}
