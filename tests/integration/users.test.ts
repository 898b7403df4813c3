import { and, eq, ne } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { users } from "@/db/schema";
import { verifyPassword } from "@/lib/auth/password";
import { systemCtx } from "@/lib/context";
import { createUser } from "@/lib/users/create";
import { updatePreferences } from "@/lib/users/preferences";
import { resetPassword, setUserActive, updateUser } from "@/lib/users/update";
import { createTestUser, ctxFor, uniqueEmail, uniqueSuffix } from "@/tests/factories";
import { auditRowsFor, withRollback } from "@/tests/support/db";
import { expectAppError } from "@/tests/support/errors";

async function reload(id: string) {
  const user = await getDb().query.users.findFirst({ where: eq(users.id, id) });
  if (!user) throw new Error(`user ${id} vanished`);
  return user;
}

describe("createUser", () => {
  it("stores an argon2id hash of the password, never the password", async () => {
    const { user: admin } = await createTestUser({ role: "admin" });
    const password = `Correct-Horse-${uniqueSuffix()}`;
    const email = uniqueEmail("new");
    const user = await createUser(ctxFor(admin), { email, name: "New Person", role: "engineer", password });

    const row = await reload(user.id);
    expect(row.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(row.passwordHash).not.toContain(password);
    expect(await verifyPassword(row.passwordHash, password)).toBe(true);
    expect(await verifyPassword(row.passwordHash, `${password}!`)).toBe(false);
    expect(row).toMatchObject({ email, role: "engineer", isActive: true, tokenVersion: 0, timezone: "Asia/Seoul" });

    const [audit] = await auditRowsFor(user.id);
    expect(audit).toMatchObject({ action: "user.create", actorId: admin.id, actorLabel: admin.email });
    expect(JSON.stringify(audit.after)).not.toContain(row.passwordHash);
    expect(audit.after).not.toHaveProperty("passwordHash");
  });

  it("normalises the email to lower case and refuses a duplicate that differs only in case", async () => {
    const local = `Mixed.Case.${uniqueSuffix()}`;
    const { user } = await createTestUser({ email: `  ${local}@Example.COM ` });
    expect(user.email).toBe(`${local.toLowerCase()}@example.com`);

    const error = await expectAppError(
      createUser(systemCtx(getDb(), "test"), {
        email: `${local.toUpperCase()}@EXAMPLE.com`,
        name: "Twin",
        role: "agent",
        password: "another-password",
      }),
      "conflict",
    );
    expect(error.message).toContain(`${local.toLowerCase()}@example.com`);
    const twins = await getDb()
      .select({ id: users.id })
      .from(users)
      .where(eq(users.email, `${local.toLowerCase()}@example.com`));
    expect(twins).toHaveLength(1);
    expect(await auditRowsFor(user.id)).toHaveLength(1);
  });

  it("names each invalid field", async () => {
    const error = await expectAppError(
      createUser(systemCtx(getDb(), "test"), { email: "nope", name: "", role: "root" as never, password: "short" }),
      "invalid",
    );
    expect(Object.keys(error.details?.fields ?? {}).sort()).toEqual(["email", "name", "password", "role"]);
  });
});

describe("updateUser", () => {
  it("bumps token_version on a role change, not on a rename", async () => {
    const { user: admin } = await createTestUser({ role: "admin" });
    const { user } = await createTestUser({ role: "agent" });

    const renamed = await updateUser(ctxFor(admin), { userId: user.id, name: "Renamed Agent" });
    expect(renamed.name).toBe("Renamed Agent");
    expect(renamed.tokenVersion).toBe(user.tokenVersion);

    const sameRole = await updateUser(ctxFor(admin), { userId: user.id, role: "agent" });
    expect(sameRole.tokenVersion).toBe(user.tokenVersion);

    const promoted = await updateUser(ctxFor(admin), { userId: user.id, role: "manager" });
    expect(promoted.role).toBe("manager");
    expect(promoted.tokenVersion).toBe(user.tokenVersion + 1);
    expect((await reload(user.id)).tokenVersion).toBe(user.tokenVersion + 1);
  });

  it("demotes an admin while another active admin remains", async () => {
    const { user: admin } = await createTestUser({ role: "admin" });
    const { user: other } = await createTestUser({ role: "admin" });
    const demoted = await updateUser(ctxFor(admin), { userId: other.id, role: "agent" });
    expect(demoted).toMatchObject({ role: "agent", tokenVersion: other.tokenVersion + 1 });
  });

  it("answers not_found for an unknown user", async () => {
    await expectAppError(
      updateUser(systemCtx(getDb(), "test"), { userId: "00000000-0000-4000-8000-00000000dead", role: "agent" }),
      "not_found",
    );
  });
});

describe("the last active admin", () => {
  // Other tests create admins concurrently, so "the only admin" is arranged inside a transaction that is rolled back.
  async function asOnlyActiveAdmin<T>(adminId: string, fn: Parameters<typeof withRollback<T>>[0]) {
    return withRollback(async (tx) => {
      await tx
        .update(users)
        .set({ isActive: false })
        .where(and(eq(users.role, "admin"), eq(users.isActive, true), ne(users.id, adminId)));
      return fn(tx);
    });
  }

  it("cannot demote themself", async () => {
    const { user: admin } = await createTestUser({ role: "admin" });
    await asOnlyActiveAdmin(admin.id, async (tx) => {
      const error = await expectAppError(
        updateUser({ ...ctxFor(admin), db: tx }, { userId: admin.id, role: "manager" }),
        "conflict",
      );
      expect(error.message).toMatch(/at least one active admin/);
      const [row] = await tx.select().from(users).where(eq(users.id, admin.id));
      expect(row).toMatchObject({ role: "admin", tokenVersion: admin.tokenVersion });
    });
    expect((await reload(admin.id)).role).toBe("admin");
  });

  it("cannot be deactivated, even by the system", async () => {
    const { user: admin } = await createTestUser({ role: "admin" });
    await asOnlyActiveAdmin(admin.id, async (tx) => {
      await expectAppError(setUserActive(systemCtx(tx, "test"), { userId: admin.id, isActive: false }), "conflict");
      const [row] = await tx.select().from(users).where(eq(users.id, admin.id));
      expect(row.isActive).toBe(true);
    });
  });

  it("may still be renamed", async () => {
    const { user: admin } = await createTestUser({ role: "admin" });
    await asOnlyActiveAdmin(admin.id, async (tx) => {
      const renamed = await updateUser({ ...ctxFor(admin), db: tx }, { userId: admin.id, name: "Sole Admin" });
      expect(renamed).toMatchObject({ name: "Sole Admin", role: "admin" });
    });
  });
});

describe("setUserActive", () => {
  it("bumps token_version on deactivation and on reactivation, and is a no-op when nothing changes", async () => {
    const { user: admin } = await createTestUser({ role: "admin" });
    const { user } = await createTestUser({ role: "engineer" });

    const unchanged = await setUserActive(ctxFor(admin), { userId: user.id, isActive: true });
    expect(unchanged.tokenVersion).toBe(user.tokenVersion);
    expect((await auditRowsFor(user.id)).map((a) => a.action)).toEqual(["user.create"]);

    const off = await setUserActive(ctxFor(admin), { userId: user.id, isActive: false });
    expect(off).toMatchObject({ isActive: false, tokenVersion: user.tokenVersion + 1 });
    const on = await setUserActive(ctxFor(admin), { userId: user.id, isActive: true });
    expect(on).toMatchObject({ isActive: true, tokenVersion: user.tokenVersion + 2 });
    expect((await auditRowsFor(user.id)).map((a) => a.action)).toEqual([
      "user.create",
      "user.deactivate",
      "user.reactivate",
    ]);
  });

  it("refuses to let an admin deactivate their own account", async () => {
    const { user: admin } = await createTestUser({ role: "admin" });
    await createTestUser({ role: "admin" });
    const error = await expectAppError(setUserActive(ctxFor(admin), { userId: admin.id, isActive: false }), "conflict");
    expect(error.message).toMatch(/your own account/);
    expect(await reload(admin.id)).toMatchObject({ isActive: true, tokenVersion: admin.tokenVersion });
  });

  it("deactivates another admin while one remains", async () => {
    const { user: admin } = await createTestUser({ role: "admin" });
    const { user: other } = await createTestUser({ role: "admin" });
    expect((await setUserActive(ctxFor(admin), { userId: other.id, isActive: false })).isActive).toBe(false);
  });
});

describe("resetPassword", () => {
  it("replaces the hash, bumps token_version and keeps the password out of the audit log", async () => {
    const { user: admin } = await createTestUser({ role: "admin" });
    const { user, password: oldPassword } = await createTestUser();
    const newPassword = `fresh-${uniqueSuffix()}-password`;

    const after = await resetPassword(ctxFor(admin), { userId: user.id, password: newPassword });
    expect(after.tokenVersion).toBe(user.tokenVersion + 1);
    const row = await reload(user.id);
    expect(await verifyPassword(row.passwordHash, newPassword)).toBe(true);
    expect(await verifyPassword(row.passwordHash, oldPassword)).toBe(false);

    const audit = (await auditRowsFor(user.id)).find((a) => a.action === "user.reset_password");
    expect(audit).toMatchObject({ before: { tokenVersion: 0 }, after: { tokenVersion: 1 } });
    expect(JSON.stringify(audit)).not.toContain(newPassword);
    expect(JSON.stringify(audit)).not.toContain(row.passwordHash);
  });

  it("rejects a short password without touching the user", async () => {
    const { user: admin } = await createTestUser({ role: "admin" });
    const { user } = await createTestUser();
    const error = await expectAppError(resetPassword(ctxFor(admin), { userId: user.id, password: "short" }), "invalid");
    expect(error.details?.fields?.password).toEqual(["Password must be at least 10 characters"]);
    expect((await reload(user.id)).passwordHash).toBe(user.passwordHash);
  });
});

describe("updatePreferences", () => {
  it("changes the acting user's own preferences only", async () => {
    const { user } = await createTestUser({ role: "engineer" });
    const { user: bystander } = await createTestUser({ role: "engineer" });
    const after = await updatePreferences(ctxFor(user), {
      name: "Choi On-call",
      locale: "en",
      timezone: "Europe/Berlin",
      theme: "dark",
    });
    expect(after).toMatchObject({ id: user.id, name: "Choi On-call", locale: "en", timezone: "Europe/Berlin" });
    expect(after.theme).toBe("dark");
    expect(after.tokenVersion).toBe(user.tokenVersion);
    expect(await reload(bystander.id)).toEqual(bystander);
  });

  it("rejects an unknown time zone and refuses the system actor", async () => {
    const { user } = await createTestUser();
    const error = await expectAppError(updatePreferences(ctxFor(user), { timezone: "Seoul/Gangnam" }), "invalid");
    expect(error.details?.fields).toHaveProperty("timezone");
    await expectAppError(updatePreferences(systemCtx(getDb(), "test"), { theme: "dark" }), "forbidden");
  });
});
