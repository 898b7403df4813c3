import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { apiTokens } from "@/db/schema";
import { authenticateBearer } from "@/lib/tokens/authenticate";
import { createApiToken } from "@/lib/tokens/create";
import { revokeApiToken } from "@/lib/tokens/revoke";
import { hashSecret } from "@/lib/tokens/secret";
import { setUserActive, updateUser } from "@/lib/users/update";
import { createTestApiToken, createTestUser, ctxFor, uniqueName } from "@/tests/factories";
import { auditRowsFor } from "@/tests/support/db";
import { expectAppError } from "@/tests/support/errors";

function bearer(secret: string | undefined, headers: Record<string, string> = {}) {
  return new Request("http://watchdesk.test/api/v1/tickets", {
    headers: { ...(secret === undefined ? {} : { authorization: `Bearer ${secret}` }), ...headers },
  });
}

async function tokenRow(id: string) {
  const token = await getDb().query.apiTokens.findFirst({ where: eq(apiTokens.id, id) });
  if (!token) throw new Error(`token ${id} vanished`);
  return token;
}

describe("createApiToken", () => {
  it("returns the secret once and stores only its SHA-256 hash", async () => {
    const { user } = await createTestUser({ role: "agent" });
    const { token, secret } = await createApiToken(ctxFor(user), { userId: user.id, name: "ci pipeline" });

    expect(secret).toMatch(/^wd_[A-Za-z0-9_-]{43}$/);
    const row = await tokenRow(token.id);
    expect(row.tokenHash).toBe(hashSecret(secret));
    expect(row.tokenHash).not.toBe(secret);
    expect(row).toMatchObject({ userId: user.id, createdById: user.id, name: "ci pipeline", expiresAt: null });
    expect(row.tokenPrefix).toBe(secret.slice(0, 10));

    const [raw] = await getDb().execute<{ row: string }>(
      sql`select row_to_json(t)::text as row from api_tokens t where id = ${token.id}`,
    );
    expect(raw.row).not.toContain(secret);

    const [audit] = await auditRowsFor(token.id);
    expect(audit.action).toBe("api_token.create");
    expect(audit.after).not.toHaveProperty("tokenHash");
    expect(JSON.stringify(audit)).not.toContain(secret);
    expect(JSON.stringify(audit)).not.toContain(row.tokenHash);
  });

  it("sets an expiry when asked", async () => {
    const { user } = await createTestUser();
    const started = Date.now();
    const { token } = await createApiToken(ctxFor(user), { userId: user.id, name: "short-lived", expiresInDays: 7 });
    const expiresIn = (token.expiresAt?.getTime() ?? 0) - started;
    expect(expiresIn).toBeGreaterThanOrEqual(7 * 86_400_000 - 5_000);
    expect(expiresIn).toBeLessThanOrEqual(7 * 86_400_000 + 5_000);
  });

  it("lets only an admin create a token for someone else", async () => {
    const { user: owner } = await createTestUser({ role: "engineer" });
    for (const role of ["agent", "engineer", "manager"] as const) {
      const { user: other } = await createTestUser({ role });
      await expectAppError(createApiToken(ctxFor(other), { userId: owner.id, name: "not mine" }), "forbidden");
    }
    expect(await getDb().select().from(apiTokens).where(eq(apiTokens.userId, owner.id))).toEqual([]);

    const { user: admin } = await createTestUser({ role: "admin" });
    const { token } = await createApiToken(ctxFor(admin), { userId: owner.id, name: "issued by admin" });
    expect(token).toMatchObject({ userId: owner.id, createdById: admin.id });
  });

  it("refuses a token for a deactivated user", async () => {
    const { user: owner } = await createTestUser({ isActive: false });
    const { user: admin } = await createTestUser({ role: "admin" });
    await expectAppError(createApiToken(ctxFor(admin), { userId: owner.id, name: "ghost" }), "not_found");
  });
});

describe("authenticateBearer", () => {
  it("accepts a valid token and acts as its user with the user's current role", async () => {
    const { user } = await createTestUser({ role: "agent" });
    const { token, secret } = await createTestApiToken({ userId: user.id });
    expect(token.lastUsedAt).toBeNull();

    const ctx = await authenticateBearer(
      bearer(secret, { "x-forwarded-for": "203.0.113.9, 10.0.0.1", "user-agent": "curl/8" }),
    );
    expect(ctx.actor).toEqual({ type: "token", id: token.id, userId: user.id, role: "agent", label: user.email });
    expect(ctx).toMatchObject({ ip: "203.0.113.9", userAgent: "curl/8" });
    expect((await tokenRow(token.id)).lastUsedAt).toBeInstanceOf(Date);

    const { user: admin } = await createTestUser({ role: "admin" });
    await updateUser(ctxFor(admin), { userId: user.id, role: "manager" });
    expect((await authenticateBearer(bearer(secret))).actor).toMatchObject({ role: "manager" });
  });

  it("accepts the scheme in any case", async () => {
    const { user } = await createTestUser();
    const { secret } = await createTestApiToken({ userId: user.id });
    const request = new Request("http://watchdesk.test/", { headers: { authorization: `bearer ${secret}` } });
    expect((await authenticateBearer(request)).actor).toMatchObject({ userId: user.id });
  });

  it("refuses a missing or malformed header", async () => {
    const missing = await expectAppError(authenticateBearer(bearer(undefined)), "unauthorized");
    expect(missing.message).toMatch(/Authorization: Bearer/);
    const { user } = await createTestUser();
    const { secret } = await createTestApiToken({ userId: user.id });
    await expectAppError(
      authenticateBearer(new Request("http://watchdesk.test/", { headers: { authorization: `Basic ${secret}` } })),
      "unauthorized",
    );
  });

  it("refuses a wrong token", async () => {
    const { user } = await createTestUser();
    const { secret } = await createTestApiToken({ userId: user.id });
    const error = await expectAppError(authenticateBearer(bearer(`${secret.slice(0, -1)}x`)), "unauthorized");
    expect(error.message).toBe("The API token is not valid");
    await expectAppError(authenticateBearer(bearer(hashSecret(secret))), "unauthorized");
  });

  it("refuses a revoked token", async () => {
    const { user } = await createTestUser();
    const { token, secret } = await createTestApiToken({ userId: user.id });
    await authenticateBearer(bearer(secret));
    await revokeApiToken(ctxFor(user), { tokenId: token.id });
    const error = await expectAppError(authenticateBearer(bearer(secret)), "unauthorized");
    expect(error.message).toMatch(/revoked/);
  });

  it("refuses an expired token", async () => {
    const { user } = await createTestUser();
    const { token, secret } = await createTestApiToken({ userId: user.id, expiresInDays: 1 });
    await authenticateBearer(bearer(secret));
    await getDb()
      .update(apiTokens)
      .set({ expiresAt: new Date(Date.now() - 1_000) })
      .where(eq(apiTokens.id, token.id));
    const error = await expectAppError(authenticateBearer(bearer(secret)), "unauthorized");
    expect(error.message).toMatch(/expired/);
  });

  it("refuses the token of a deactivated user, and accepts it again after reactivation", async () => {
    const { user } = await createTestUser({ role: "engineer" });
    const { user: admin } = await createTestUser({ role: "admin" });
    const { secret } = await createTestApiToken({ userId: user.id });
    await setUserActive(ctxFor(admin), { userId: user.id, isActive: false });
    const error = await expectAppError(authenticateBearer(bearer(secret)), "unauthorized");
    expect(error.message).toMatch(/deactivated/);
    await setUserActive(ctxFor(admin), { userId: user.id, isActive: true });
    expect((await authenticateBearer(bearer(secret))).actor).toMatchObject({ userId: user.id });
  });
});

describe("revokeApiToken", () => {
  it("lets the owner revoke their own token once; a second revoke changes nothing", async () => {
    const { user } = await createTestUser({ role: "engineer" });
    const { token } = await createTestApiToken({ userId: user.id, name: uniqueName("phone") });
    const revoked = await revokeApiToken(ctxFor(user), { tokenId: token.id });
    expect(revoked.revokedAt).toBeInstanceOf(Date);
    const again = await revokeApiToken(ctxFor(user), { tokenId: token.id });
    expect(again.revokedAt).toEqual(revoked.revokedAt);
    expect((await auditRowsFor(token.id)).map((a) => a.action)).toEqual(["api_token.create", "api_token.revoke"]);
  });

  it("refuses someone else's token to a non-admin, and allows an admin", async () => {
    const { user: owner } = await createTestUser();
    const { user: manager } = await createTestUser({ role: "manager" });
    const { user: admin } = await createTestUser({ role: "admin" });
    const { token } = await createTestApiToken({ userId: owner.id });
    await expectAppError(revokeApiToken(ctxFor(manager), { tokenId: token.id }), "forbidden");
    expect((await tokenRow(token.id)).revokedAt).toBeNull();
    expect((await revokeApiToken(ctxFor(admin), { tokenId: token.id })).revokedAt).toBeInstanceOf(Date);
  });

  it("answers not_found for an unknown token", async () => {
    const { user } = await createTestUser();
    await expectAppError(
      revokeApiToken(ctxFor(user), { tokenId: "00000000-0000-4000-8000-00000000beef" }),
      "not_found",
    );
  });
});
