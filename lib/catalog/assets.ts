import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "@/db/client";
import { ASSET_KINDS, assets, serviceAssets } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { assertCan } from "@/lib/auth/permissions";
import type { Ctx } from "@/lib/context";
import { AppError, parseInput } from "@/lib/errors";
import { CatalogDescription, CatalogName, CriticalityInput, OwnerTeamId } from "./services";

const AssetFields = z.object({
  name: CatalogName,
  kind: z.enum(ASSET_KINDS, { error: `Kind must be one of ${ASSET_KINDS.join(", ")}` }),
  address: z.string().trim().max(255, "Address is at most 255 characters").default(""),
  description: CatalogDescription,
  ownerTeamId: OwnerTeamId,
  criticality: CriticalityInput,
  serviceIds: z.array(z.uuid("Choose services from the list")).max(50).default([]),
});

export const CreateAsset = AssetFields;
export type CreateAsset = z.input<typeof CreateAsset>;

async function linkServices(tx: Tx, assetId: string, serviceIds: string[]) {
  await tx.delete(serviceAssets).where(eq(serviceAssets.assetId, assetId));
  if (serviceIds.length) {
    await tx.insert(serviceAssets).values([...new Set(serviceIds)].map((serviceId) => ({ serviceId, assetId })));
  }
}

export async function createAsset(ctx: Ctx, input: CreateAsset) {
  assertCan(ctx.actor, "catalog.manage");
  const { serviceIds, ...data } = parseInput(CreateAsset, input);
  return ctx.db.transaction(async (tx) => {
    const [asset] = await tx.insert(assets).values(data).onConflictDoNothing().returning();
    if (!asset) throw new AppError("conflict", `An asset named ${data.name} already exists`);
    await linkServices(tx, asset.id, serviceIds);
    await recordAudit(tx, ctx, {
      action: "asset.create",
      entityType: "asset",
      entityId: asset.id,
      after: { ...asset, serviceIds },
    });
    return asset;
  });
}

export const UpdateAsset = AssetFields.extend({ assetId: z.uuid() });
export type UpdateAsset = z.input<typeof UpdateAsset>;

export async function updateAsset(ctx: Ctx, input: UpdateAsset) {
  assertCan(ctx.actor, "catalog.manage");
  const { assetId, serviceIds, ...data } = parseInput(UpdateAsset, input);
  return ctx.db.transaction(async (tx) => {
    const before = await tx.query.assets.findFirst({ where: eq(assets.id, assetId) });
    if (!before) throw new AppError("not_found", "No such asset");
    const [after] = await tx
      .update(assets)
      .set({ ...data, updatedAt: new Date() })
      .where(eq(assets.id, assetId))
      .returning();
    await linkServices(tx, assetId, serviceIds);
    await recordAudit(tx, ctx, {
      action: "asset.update",
      entityType: "asset",
      entityId: assetId,
      before,
      after: { ...after, serviceIds },
    });
    return after;
  });
}

export const DeleteAsset = z.object({ assetId: z.uuid() });
export type DeleteAsset = z.input<typeof DeleteAsset>;

export async function deleteAsset(ctx: Ctx, input: DeleteAsset) {
  assertCan(ctx.actor, "catalog.manage");
  const { assetId } = parseInput(DeleteAsset, input);
  return ctx.db.transaction(async (tx) => {
    const [before] = await tx.delete(assets).where(eq(assets.id, assetId)).returning();
    if (!before) throw new AppError("not_found", "No such asset");
    await recordAudit(tx, ctx, { action: "asset.delete", entityType: "asset", entityId: assetId, before });
  });
}
