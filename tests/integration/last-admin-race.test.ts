import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { users } from "@/db/schema";
import { type Ctx, systemCtx } from "@/lib/context";
import { AppError } from "@/lib/errors";
import { createUser } from "@/lib/users/create";
import { setUserActive, updateUser } from "@/lib/users/update";
import { uniqueEmail } from "@/tests/factories";
import { withScratchDatabase } from "@/tests/support/db";
import { waitFor } from "@/tests/support/processes";

type Scratch = Parameters<Parameters<typeof withScratchDatabase>[0]>[0];

// Two admins each remove the other at the same moment. The audit_log table is held locked meanwhile, so both verbs
// get past their "another active admin remains" check before either commits; exactly one of them must still lose.
async function raceBetweenTwoAdmins(scratch: Scratch, removeOther: (ctx: Ctx, otherId: string) => Promise<unknown>) {
  const ctx = systemCtx(scratch.db, "test");
  const make = () =>
    createUser(ctx, { email: uniqueEmail("admin"), name: "Admin", role: "admin", password: "a-long-password" });
  const [a, b] = [await make(), await make()];
  const actorCtx = (u: typeof a): Ctx => ({
    actor: { type: "user", id: u.id, role: "admin", label: u.email },
    db: scratch.db,
  });

  let release = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  let isLocked = () => {};
  const locked = new Promise<void>((resolve) => {
    isLocked = resolve;
  });
  const blocker = scratch.sql.begin(async (tx) => {
    await tx`lock table audit_log in exclusive mode`;
    isLocked();
    await released;
  });
  await locked;

  const outcomes = Promise.allSettled([removeOther(actorCtx(a), b.id), removeOther(actorCtx(b), a.id)]);
  try {
    await waitFor(
      async () => {
        const [{ waiting }] = await scratch.sql<{ waiting: number }[]>`
          select count(*)::int as waiting from pg_stat_activity
          where datname = current_database() and wait_event_type = 'Lock'`;
        return waiting === 2;
      },
      { timeoutMs: 10_000, what: "both transactions to wait on a lock" },
    );
  } finally {
    release();
    await blocker;
  }

  const results = await outcomes;
  const [{ admins }] = await scratch.db
    .select({ admins: sql<number>`count(*)::int` })
    .from(users)
    .where(and(eq(users.role, "admin"), eq(users.isActive, true)));
  return { results, admins };
}

function expectOneWinnerOneConflict(results: PromiseSettledResult<unknown>[]) {
  const rejected = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
  expect(rejected.map((r) => r.reason)).toHaveLength(1);
  expect(rejected[0].reason).toBeInstanceOf(AppError);
  expect(rejected[0].reason).toMatchObject({ code: "conflict" });
}

describe("the last active admin under concurrency", { timeout: 30_000 }, () => {
  it("survives two admins demoting each other at once", async () => {
    await withScratchDatabase(async (scratch) => {
      const { results, admins } = await raceBetweenTwoAdmins(scratch, (ctx, otherId) =>
        updateUser(ctx, { userId: otherId, role: "agent" }),
      );
      expect(admins).toBe(1);
      expectOneWinnerOneConflict(results);
    });
  });

  it("survives two admins deactivating each other at once", async () => {
    await withScratchDatabase(async (scratch) => {
      const { results, admins } = await raceBetweenTwoAdmins(scratch, (ctx, otherId) =>
        setUserActive(ctx, { userId: otherId, isActive: false }),
      );
      expect(admins).toBe(1);
      expectOneWinnerOneConflict(results);
    });
  });
});
