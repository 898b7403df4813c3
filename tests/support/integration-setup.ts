import { afterAll, beforeAll } from "vitest";

for (const name of ["DATABASE_URL", "REDIS_URL"] as const) {
  if (!process.env[name]) {
    throw new Error(
      `${name} is not set. Integration tests run against real services and never guess a default: ` +
        "point DATABASE_URL at a fresh, migrated database (npx tsx scripts/wd.ts migrate) and REDIS_URL at Redis, " +
        "or run them through `npm test`.",
    );
  }
}

const { closeDb, getSql } = await import("@/db/client");
const { closeRedis } = await import("@/lib/redis");

beforeAll(async () => {
  const sql = getSql();
  const [{ isMigrated }] = await sql<{ isMigrated: boolean }[]>`
    select to_regclass('public.users') is not null as "isMigrated"`;
  if (!isMigrated) {
    throw new Error("The database behind DATABASE_URL is not migrated: run `npx tsx scripts/wd.ts migrate` first.");
  }
});

afterAll(async () => {
  await closeDb();
  await closeRedis();
});
