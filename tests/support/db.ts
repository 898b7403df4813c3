import { randomBytes } from "node:crypto";
import { asc, eq, TransactionRollbackError } from "drizzle-orm";
import { createDb, getDb, getSql, type Tx } from "@/db/client";
import { runMigrations } from "@/db/migrate";
import { type AuditEntry, auditLog, type User } from "@/db/schema";
import type { Ctx } from "@/lib/context";
import { env } from "@/lib/env";

export function auditRowsBy(actorId: string): Promise<AuditEntry[]> {
  return getDb().select().from(auditLog).where(eq(auditLog.actorId, actorId)).orderBy(asc(auditLog.id));
}

export function auditRowsFor(entityId: string): Promise<AuditEntry[]> {
  return getDb().select().from(auditLog).where(eq(auditLog.entityId, entityId)).orderBy(asc(auditLog.id));
}

// Rows written by one transaction share its id in the system column xmin.
export async function xminOf(table: string, where: Record<string, string | number>): Promise<string | undefined> {
  const sql = getSql();
  const conditions = Object.entries(where).map(([column, value]) => sql`${sql(column)} = ${value}`);
  const predicate = conditions.reduce((acc, condition) => sql`${acc} and ${condition}`);
  const rows = await sql<{ xmin: string }[]>`select xmin::text as xmin from ${sql(table)} where ${predicate}`;
  return rows[0]?.xmin;
}

// Runs fn inside a transaction that is always rolled back, so it may bend shared state (e.g. "no other admins") privately.
// Repeatable read keeps rows that other tests commit meanwhile (another new admin) out of its view.
export async function withRollback<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
  let result: T | undefined;
  try {
    await getDb().transaction(
      async (tx) => {
        result = await fn(tx);
        tx.rollback();
      },
      { isolationLevel: "repeatable read" },
    );
  } catch (error) {
    if (!(error instanceof TransactionRollbackError)) throw error;
  }
  return result as T;
}

// A real context whose audit insert violates actor_label NOT NULL: any verb using it must fail and leave nothing behind.
export function brokenAuditCtx(user: Pick<User, "id" | "role">): Ctx {
  return { actor: { type: "user", id: user.id, role: user.role, label: null as unknown as string }, db: getDb() };
}

// A private, migrated database for tests that need global facts (e.g. "exactly two admins") no other test can disturb.
export async function withScratchDatabase<T>(
  fn: (scratch: ReturnType<typeof createDb> & { url: string }) => Promise<T>,
): Promise<T> {
  const name = `wd_scratch_${randomBytes(6).toString("hex")}`;
  const admin = getSql();
  await admin.unsafe(`create database "${name}"`);
  const url = new URL(env().DATABASE_URL);
  url.pathname = `/${name}`;
  const scratch = createDb(url.toString(), { max: 5 });
  try {
    await runMigrations(scratch.sql);
    return await fn({ ...scratch, url: url.toString() });
  } finally {
    await scratch.sql.end({ timeout: 5 });
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
  }
}
