import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { assets, serviceAssets, services } from "@/db/schema";
import { createAsset, deleteAsset, updateAsset } from "@/lib/catalog/assets";
import { createService, deleteService, updateService } from "@/lib/catalog/services";
import { errorResponse, toAppError } from "@/lib/errors";
import {
  createTestAsset,
  createTestService,
  createTestTeam,
  createTestUser,
  ctxFor,
  uniqueName,
} from "@/tests/factories";
import { auditRowsFor } from "@/tests/support/db";
import { caught, expectAppError } from "@/tests/support/errors";

const linkedServices = async (assetId: string) =>
  (await getDb().select().from(serviceAssets).where(eq(serviceAssets.assetId, assetId))).map((l) => l.serviceId).sort();

describe("services", () => {
  it("creates a service owned by a team, and treats an empty owner as none", async () => {
    const { user: manager } = await createTestUser({ role: "manager" });
    const team = await createTestTeam();
    const owned = await createService(ctxFor(manager), {
      name: uniqueName("Internet Banking"),
      description: "  Customer-facing  ",
      ownerTeamId: team.id,
      criticality: "critical",
    });
    expect(owned).toMatchObject({ ownerTeamId: team.id, criticality: "critical", description: "Customer-facing" });

    const unowned = await createService(ctxFor(manager), {
      name: uniqueName("Wiki"),
      ownerTeamId: "",
      criticality: "low",
    });
    expect(unowned.ownerTeamId).toBeNull();
  });

  it("names the invalid fields", async () => {
    const { user: manager } = await createTestUser({ role: "manager" });
    const error = await expectAppError(
      createService(ctxFor(manager), { name: "", ownerTeamId: "team-1", criticality: "urgent" as never }),
      "invalid",
    );
    expect(error.details?.fields).toEqual({
      name: ["Name is required"],
      ownerTeamId: ["Choose an owner team"],
      criticality: ["Criticality must be one of critical, high, medium, low"],
    });
  });

  it("refuses a duplicate name in any case, through the verb and at the database", async () => {
    const service = await createTestService();
    const { user: manager } = await createTestUser({ role: "manager" });
    await expectAppError(
      createService(ctxFor(manager), { name: service.name.toUpperCase(), criticality: "low" }),
      "conflict",
    );

    const driverError = await caught(
      getDb().insert(services).values({ name: service.name.toLowerCase(), criticality: "low" }),
    );
    const mapped = toAppError(driverError);
    expect(mapped?.code).toBe("conflict");
    const response = errorResponse(driverError);
    expect(response.status).toBe(409);
    expect((await response.json()).error.code).toBe("conflict");

    const other = await createTestService();
    const renameError = await caught(
      updateService(ctxFor(manager), { serviceId: other.id, name: service.name, criticality: "low" }),
    );
    expect(toAppError(renameError)?.code).toBe("conflict");
    expect((await getDb().select().from(services).where(eq(services.id, other.id)))[0].name).toBe(other.name);
  });

  it("updates a service and answers not_found for a missing one", async () => {
    const { user: manager } = await createTestUser({ role: "manager" });
    const service = await createTestService({ criticality: "low" });
    const updated = await updateService(ctxFor(manager), {
      serviceId: service.id,
      name: service.name,
      criticality: "high",
    });
    expect(updated.criticality).toBe("high");
    await expectAppError(
      updateService(ctxFor(manager), {
        serviceId: "00000000-0000-4000-8000-0000000000cc",
        name: "x",
        criticality: "low",
      }),
      "not_found",
    );
    await expectAppError(
      deleteService(ctxFor(manager), { serviceId: "00000000-0000-4000-8000-0000000000cc" }),
      "not_found",
    );
  });
});

describe("assets and their services", () => {
  it("links an asset to its services once each", async () => {
    const { user: manager } = await createTestUser({ role: "manager" });
    const [a, b] = [await createTestService(), await createTestService()];
    const asset = await createAsset(ctxFor(manager), {
      name: uniqueName("core-sw"),
      kind: "network_device",
      address: "10.0.0.1",
      criticality: "high",
      serviceIds: [a.id, b.id, a.id],
    });
    expect(await linkedServices(asset.id)).toEqual([a.id, b.id].sort());
    const [audit] = await auditRowsFor(asset.id);
    expect((audit.after as { serviceIds: string[] }).serviceIds).toEqual([a.id, b.id, a.id]);
  });

  it("replaces the links on update", async () => {
    const { user: manager } = await createTestUser({ role: "manager" });
    const [a, b, c] = [await createTestService(), await createTestService(), await createTestService()];
    const asset = await createTestAsset({ serviceIds: [a.id, b.id] });
    await updateAsset(ctxFor(manager), {
      assetId: asset.id,
      name: asset.name,
      kind: "server",
      criticality: "medium",
      serviceIds: [c.id],
    });
    expect(await linkedServices(asset.id)).toEqual([c.id]);
    await updateAsset(ctxFor(manager), { assetId: asset.id, name: asset.name, kind: "server", criticality: "medium" });
    expect(await linkedServices(asset.id)).toEqual([]);
  });

  it("keeps an asset when its service is deleted, and drops links when the asset is deleted", async () => {
    const { user: manager } = await createTestUser({ role: "manager" });
    const [a, b] = [await createTestService(), await createTestService()];
    const asset = await createTestAsset({ serviceIds: [a.id, b.id] });

    await deleteService(ctxFor(manager), { serviceId: a.id });
    expect(await linkedServices(asset.id)).toEqual([b.id]);

    await deleteAsset(ctxFor(manager), { assetId: asset.id });
    expect(await getDb().select().from(assets).where(eq(assets.id, asset.id))).toEqual([]);
    expect(await getDb().select().from(serviceAssets).where(eq(serviceAssets.serviceId, b.id))).toEqual([]);
    expect(await getDb().select().from(services).where(eq(services.id, b.id))).toHaveLength(1);
  });

  it("leaves no asset behind when a linked service does not exist", async () => {
    const { user: manager } = await createTestUser({ role: "manager" });
    const name = uniqueName("orphan-asset");
    const error = await caught(
      createAsset(ctxFor(manager), {
        name,
        kind: "server",
        criticality: "low",
        serviceIds: ["00000000-0000-4000-8000-0000000000dd"],
      }),
    );
    expect(toAppError(error)?.code).toBe("invalid");
    expect(await getDb().select().from(assets).where(eq(assets.name, name))).toEqual([]);
  });

  it("refuses a duplicate asset name and an unknown kind", async () => {
    const { user: manager } = await createTestUser({ role: "manager" });
    const asset = await createTestAsset();
    await expectAppError(
      createAsset(ctxFor(manager), { name: asset.name.toUpperCase(), kind: "server", criticality: "low" }),
      "conflict",
    );
    const error = await expectAppError(
      createAsset(ctxFor(manager), { name: uniqueName("x"), kind: "mainframe" as never, criticality: "low" }),
      "invalid",
    );
    expect(error.details?.fields).toHaveProperty("kind");
  });
});
