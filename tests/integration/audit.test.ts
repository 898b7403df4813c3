import { and, asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import {
  apiTokens,
  assets,
  auditLog,
  type Role,
  serviceAssets,
  services,
  teamMembers,
  teams,
  users,
} from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { createAsset, deleteAsset, updateAsset } from "@/lib/catalog/assets";
import { createService, deleteService, updateService } from "@/lib/catalog/services";
import type { Ctx } from "@/lib/context";
import { systemCtx } from "@/lib/context";
import { addTeamMember, createTeam, deleteTeam, removeTeamMember, updateTeam } from "@/lib/teams/manage";
import { createApiToken } from "@/lib/tokens/create";
import { revokeApiToken } from "@/lib/tokens/revoke";
import { createUser } from "@/lib/users/create";
import { updatePreferences } from "@/lib/users/preferences";
import { resetPassword, setUserActive, updateUser } from "@/lib/users/update";
import {
  createTestApiToken,
  createTestAsset,
  createTestService,
  createTestTeam,
  createTestUser,
  ctxFor,
  uniqueEmail,
  uniqueName,
} from "@/tests/factories";
import { auditRowsBy, auditRowsFor, brokenAuditCtx, xminOf } from "@/tests/support/db";
import { caught, expectAppError, pgCode } from "@/tests/support/errors";

type Arranged = {
  run: (ctx: Ctx) => Promise<unknown>;
  snapshot: () => Promise<unknown>;
  entityId?: string;
  // The row the verb writes, to prove it shares a transaction with its audit row; absent for deletes.
  written?: { table: string; where: Record<string, string> };
  actor?: Awaited<ReturnType<typeof createTestUser>>["user"];
};

type VerbCase = {
  verb: string;
  action: string;
  entityType: string;
  refusedRoles: Role[];
  arrange: () => Promise<Arranged>;
};

const db = () => getDb();

const NOT_ADMIN: Role[] = ["manager", "agent", "engineer"];
const NOT_MANAGER: Role[] = ["agent", "engineer"];

const CASES: VerbCase[] = [
  {
    verb: "createUser",
    action: "user.create",
    entityType: "user",
    refusedRoles: NOT_ADMIN,
    async arrange() {
      const email = uniqueEmail("created");
      return {
        run: (ctx) => createUser(ctx, { email, name: "Created", role: "agent", password: "a-long-password" }),
        snapshot: () => db().select().from(users).where(eq(users.email, email)),
        written: { table: "users", where: { email } },
      };
    },
  },
  {
    verb: "updateUser",
    action: "user.update",
    entityType: "user",
    refusedRoles: NOT_ADMIN,
    async arrange() {
      const { user } = await createTestUser({ role: "agent" });
      return {
        run: (ctx) => updateUser(ctx, { userId: user.id, name: "Changed", role: "engineer" }),
        snapshot: () => db().select().from(users).where(eq(users.id, user.id)),
        entityId: user.id,
        written: { table: "users", where: { id: user.id } },
      };
    },
  },
  {
    verb: "setUserActive",
    action: "user.deactivate",
    entityType: "user",
    refusedRoles: NOT_ADMIN,
    async arrange() {
      const { user } = await createTestUser({ role: "agent" });
      return {
        run: (ctx) => setUserActive(ctx, { userId: user.id, isActive: false }),
        snapshot: () => db().select().from(users).where(eq(users.id, user.id)),
        entityId: user.id,
        written: { table: "users", where: { id: user.id } },
      };
    },
  },
  {
    verb: "resetPassword",
    action: "user.reset_password",
    entityType: "user",
    refusedRoles: NOT_ADMIN,
    async arrange() {
      const { user } = await createTestUser({ role: "agent" });
      return {
        run: (ctx) => resetPassword(ctx, { userId: user.id, password: "brand-new-password" }),
        snapshot: () => db().select().from(users).where(eq(users.id, user.id)),
        entityId: user.id,
        written: { table: "users", where: { id: user.id } },
      };
    },
  },
  {
    verb: "updatePreferences",
    action: "user.update_preferences",
    entityType: "user",
    refusedRoles: [],
    async arrange() {
      const { user } = await createTestUser({ role: "engineer" });
      return {
        actor: user,
        run: (ctx) => updatePreferences(ctx, { name: "Prefers Dark", theme: "dark", locale: "en" }),
        snapshot: () => db().select().from(users).where(eq(users.id, user.id)),
        entityId: user.id,
        written: { table: "users", where: { id: user.id } },
      };
    },
  },
  {
    verb: "createTeam",
    action: "team.create",
    entityType: "team",
    refusedRoles: NOT_MANAGER,
    async arrange() {
      const name = uniqueName("Created team");
      return {
        run: (ctx) => createTeam(ctx, { name }),
        snapshot: () => db().select().from(teams).where(eq(teams.name, name)),
        written: { table: "teams", where: { name } },
      };
    },
  },
  {
    verb: "updateTeam",
    action: "team.update",
    entityType: "team",
    refusedRoles: NOT_MANAGER,
    async arrange() {
      const team = await createTestTeam();
      return {
        run: (ctx) => updateTeam(ctx, { teamId: team.id, name: uniqueName("Renamed team"), description: "new" }),
        snapshot: () => db().select().from(teams).where(eq(teams.id, team.id)),
        entityId: team.id,
        written: { table: "teams", where: { id: team.id } },
      };
    },
  },
  {
    verb: "deleteTeam",
    action: "team.delete",
    entityType: "team",
    refusedRoles: NOT_MANAGER,
    async arrange() {
      const { user } = await createTestUser();
      const team = await createTestTeam({ members: [{ userId: user.id }] });
      return {
        run: (ctx) => deleteTeam(ctx, { teamId: team.id }),
        snapshot: async () => ({
          team: await db().select().from(teams).where(eq(teams.id, team.id)),
          members: await db().select().from(teamMembers).where(eq(teamMembers.teamId, team.id)),
        }),
        entityId: team.id,
      };
    },
  },
  {
    verb: "addTeamMember",
    action: "team.add_member",
    entityType: "team",
    refusedRoles: NOT_MANAGER,
    async arrange() {
      const team = await createTestTeam();
      const { user } = await createTestUser();
      return {
        run: (ctx) => addTeamMember(ctx, { teamId: team.id, userId: user.id, role: "lead" }),
        snapshot: () => db().select().from(teamMembers).where(eq(teamMembers.teamId, team.id)),
        entityId: team.id,
        written: { table: "team_members", where: { team_id: team.id, user_id: user.id } },
      };
    },
  },
  {
    verb: "removeTeamMember",
    action: "team.remove_member",
    entityType: "team",
    refusedRoles: NOT_MANAGER,
    async arrange() {
      const { user } = await createTestUser();
      const team = await createTestTeam({ members: [{ userId: user.id }] });
      return {
        run: (ctx) => removeTeamMember(ctx, { teamId: team.id, userId: user.id }),
        snapshot: () => db().select().from(teamMembers).where(eq(teamMembers.teamId, team.id)),
        entityId: team.id,
      };
    },
  },
  {
    verb: "createService",
    action: "service.create",
    entityType: "service",
    refusedRoles: NOT_MANAGER,
    async arrange() {
      const name = uniqueName("Created service");
      return {
        run: (ctx) => createService(ctx, { name, criticality: "high" }),
        snapshot: () => db().select().from(services).where(eq(services.name, name)),
        written: { table: "services", where: { name } },
      };
    },
  },
  {
    verb: "updateService",
    action: "service.update",
    entityType: "service",
    refusedRoles: NOT_MANAGER,
    async arrange() {
      const service = await createTestService();
      return {
        run: (ctx) => updateService(ctx, { serviceId: service.id, name: uniqueName("Renamed"), criticality: "low" }),
        snapshot: () => db().select().from(services).where(eq(services.id, service.id)),
        entityId: service.id,
        written: { table: "services", where: { id: service.id } },
      };
    },
  },
  {
    verb: "deleteService",
    action: "service.delete",
    entityType: "service",
    refusedRoles: NOT_MANAGER,
    async arrange() {
      const service = await createTestService();
      await createTestAsset({ serviceIds: [service.id] });
      return {
        run: (ctx) => deleteService(ctx, { serviceId: service.id }),
        snapshot: async () => ({
          service: await db().select().from(services).where(eq(services.id, service.id)),
          links: await db().select().from(serviceAssets).where(eq(serviceAssets.serviceId, service.id)),
        }),
        entityId: service.id,
      };
    },
  },
  {
    verb: "createAsset",
    action: "asset.create",
    entityType: "asset",
    refusedRoles: NOT_MANAGER,
    async arrange() {
      const service = await createTestService();
      const name = uniqueName("created-asset");
      return {
        run: (ctx) => createAsset(ctx, { name, kind: "database", criticality: "high", serviceIds: [service.id] }),
        snapshot: async () => ({
          asset: await db().select().from(assets).where(eq(assets.name, name)),
          links: await db().select().from(serviceAssets).where(eq(serviceAssets.serviceId, service.id)),
        }),
        written: { table: "assets", where: { name } },
      };
    },
  },
  {
    verb: "updateAsset",
    action: "asset.update",
    entityType: "asset",
    refusedRoles: NOT_MANAGER,
    async arrange() {
      const [first, second] = [await createTestService(), await createTestService()];
      const asset = await createTestAsset({ serviceIds: [first.id] });
      return {
        run: (ctx) =>
          updateAsset(ctx, {
            assetId: asset.id,
            name: asset.name,
            kind: "k8s_cluster",
            criticality: "critical",
            serviceIds: [second.id],
          }),
        snapshot: async () => ({
          asset: await db().select().from(assets).where(eq(assets.id, asset.id)),
          links: await db().select().from(serviceAssets).where(eq(serviceAssets.assetId, asset.id)),
        }),
        entityId: asset.id,
        written: { table: "assets", where: { id: asset.id } },
      };
    },
  },
  {
    verb: "deleteAsset",
    action: "asset.delete",
    entityType: "asset",
    refusedRoles: NOT_MANAGER,
    async arrange() {
      const service = await createTestService();
      const asset = await createTestAsset({ serviceIds: [service.id] });
      return {
        run: (ctx) => deleteAsset(ctx, { assetId: asset.id }),
        snapshot: async () => ({
          asset: await db().select().from(assets).where(eq(assets.id, asset.id)),
          links: await db().select().from(serviceAssets).where(eq(serviceAssets.assetId, asset.id)),
        }),
        entityId: asset.id,
      };
    },
  },
  {
    verb: "createApiToken (for another user)",
    action: "api_token.create",
    entityType: "api_token",
    refusedRoles: NOT_ADMIN,
    async arrange() {
      const { user: owner } = await createTestUser();
      const name = uniqueName("token");
      return {
        run: (ctx) => createApiToken(ctx, { userId: owner.id, name }),
        snapshot: () => db().select().from(apiTokens).where(eq(apiTokens.userId, owner.id)),
        written: { table: "api_tokens", where: { name } },
      };
    },
  },
  {
    verb: "revokeApiToken (another user's)",
    action: "api_token.revoke",
    entityType: "api_token",
    refusedRoles: NOT_ADMIN,
    async arrange() {
      const { user: owner } = await createTestUser();
      const { token } = await createTestApiToken({ userId: owner.id });
      return {
        run: (ctx) => revokeApiToken(ctx, { tokenId: token.id }),
        snapshot: () => db().select().from(apiTokens).where(eq(apiTokens.id, token.id)),
        entityId: token.id,
        written: { table: "api_tokens", where: { id: token.id } },
      };
    },
  },
];

for (const { verb, action, entityType, refusedRoles, arrange } of CASES) {
  describe(verb, () => {
    it(`writes one ${action} audit row in the same transaction as the change`, async () => {
      const arranged = await arrange();
      const actor = arranged.actor ?? (await createTestUser({ role: "admin" })).user;
      const before = await arranged.snapshot();
      await arranged.run(ctxFor(actor, { ip: "198.51.100.7", userAgent: "vitest" }));
      expect(await arranged.snapshot()).not.toEqual(before);

      const rows = await auditRowsBy(actor.id);
      expect(rows).toHaveLength(1);
      const [audit] = rows;
      expect(audit).toMatchObject({
        action,
        entityType,
        actorType: "user",
        actorLabel: actor.email,
        ip: "198.51.100.7",
        userAgent: "vitest",
      });
      if (arranged.entityId) expect(audit.entityId).toBe(arranged.entityId);
      expect(audit.entityId).toMatch(/^[0-9a-f-]{36}$/);

      if (arranged.written) {
        const rowXmin = await xminOf(arranged.written.table, arranged.written.where);
        expect(rowXmin).toBeDefined();
        expect(await xminOf("audit_log", { id: String(audit.id) })).toBe(rowXmin);
      }
    });

    it("writes nothing at all when its audit entry cannot be written", async () => {
      const arranged = await arrange();
      const actor = arranged.actor ?? (await createTestUser({ role: "admin" })).user;
      const before = await arranged.snapshot();
      const auditBefore = arranged.entityId ? await auditRowsFor(arranged.entityId) : [];

      const error = await caught(arranged.run(brokenAuditCtx(actor)));
      expect(pgCode(error), String(error)).toBe("23502");
      expect(await arranged.snapshot()).toEqual(before);
      if (arranged.entityId) expect(await auditRowsFor(arranged.entityId)).toEqual(auditBefore);
    });

    if (refusedRoles.length) {
      it.each(refusedRoles)("refuses the %s role and writes nothing", async (role) => {
        const arranged = await arrange();
        const { user: refused } = await createTestUser({ role });
        const before = await arranged.snapshot();
        await expectAppError(arranged.run(ctxFor(refused)), "forbidden");
        expect(await arranged.snapshot()).toEqual(before);
        expect(await auditRowsBy(refused.id)).toEqual([]);
      });
    }
  });
}

describe("recordAudit", () => {
  it("drops secrets at any depth and stores dates as ISO strings", async () => {
    const { user } = await createTestUser();
    const at = new Date("2025-03-01T09:00:00.000Z");
    await recordAudit(getDb(), ctxFor(user), {
      action: "test.redaction",
      entityType: "test",
      entityId: user.id,
      before: { password: "hunter2hunter2", passwordHash: "$argon2id$x", name: "kept" },
      after: {
        nested: { token: "wd_secret", tokenHash: "abc123", secret: "s3cret", keep: 1 },
        list: [{ secret: "in-a-list", at }],
        at,
        nothing: undefined,
      },
    });
    const [row] = await getDb()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, user.id), eq(auditLog.action, "test.redaction")));
    expect(row.before).toEqual({ name: "kept" });
    expect(row.after).toEqual({
      nested: { keep: 1 },
      list: [{ at: "2025-03-01T09:00:00.000Z" }],
      at: "2025-03-01T09:00:00.000Z",
      nothing: null,
    });
    for (const secret of ["hunter2hunter2", "$argon2id$x", "wd_secret", "abc123", "s3cret", "in-a-list"]) {
      expect(JSON.stringify(row)).not.toContain(secret);
    }
  });

  it("records who acted: a system job, or the user behind an API token, and truncates the user agent", async () => {
    const { user } = await createTestUser();
    const entityId = (await createTestTeam()).id;
    await recordAudit(getDb(), systemCtx(getDb(), "nightly"), { action: "test.system", entityType: "team", entityId });
    await recordAudit(
      getDb(),
      {
        actor: {
          type: "token",
          id: "11111111-1111-4111-8111-111111111111",
          userId: user.id,
          role: user.role,
          label: user.email,
        },
        db: getDb(),
        userAgent: "x".repeat(1000),
      },
      { action: "test.token", entityType: "team", entityId },
    );
    const rows = (
      await getDb().select().from(auditLog).where(eq(auditLog.entityId, entityId)).orderBy(asc(auditLog.id))
    ).filter((r) => r.action.startsWith("test."));
    expect(rows.map((r) => [r.actorType, r.actorId, r.actorLabel, r.before, r.after])).toEqual([
      ["system", null, "system:nightly", null, null],
      ["token", user.id, user.email, null, null],
    ]);
    expect(rows[1].userAgent).toHaveLength(400);
  });
});
