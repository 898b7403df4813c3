import { eq } from "drizzle-orm";
import { z } from "zod";
import { integrations } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { assertCan } from "@/lib/auth/permissions";
import type { Ctx } from "@/lib/context";
import { AppError, parseInput } from "@/lib/errors";
import { integrationUrl } from "./endpoints";
import { newIntegrationKey } from "./key";
import { integrationView } from "./view";

export const RotateIntegrationKey = z.object({ integrationId: z.uuid("integrationId must be an integration id") });
export type RotateIntegrationKey = z.infer<typeof RotateIntegrationKey>;

// The old key stops working when this commits: only the new hash is kept.
export async function rotateIntegrationKey(ctx: Ctx, input: RotateIntegrationKey) {
  assertCan(ctx.actor, "integrations.manage");
  const { integrationId } = parseInput(RotateIntegrationKey, input);
  const { key, keyHash, keyPrefix } = newIntegrationKey();
  return ctx.db.transaction(async (tx) => {
    const [before] = await tx.select().from(integrations).where(eq(integrations.id, integrationId)).for("update");
    if (!before) throw new AppError("not_found", "No such integration");
    const now = new Date();
    const [after] = await tx
      .update(integrations)
      .set({ keyHash, keyPrefix, keyRotatedAt: now, updatedAt: now })
      .where(eq(integrations.id, integrationId))
      .returning();
    await recordAudit(tx, ctx, {
      action: "integration.rotate_key",
      entityType: "integration",
      entityId: integrationId,
      before: { keyPrefix: before.keyPrefix, keyRotatedAt: before.keyRotatedAt },
      after: { keyPrefix: after.keyPrefix, keyRotatedAt: after.keyRotatedAt },
    });
    return { integration: integrationView(after), key, url: integrationUrl(after.kind) };
  });
}

export const SetIntegrationEnabled = z.object({
  integrationId: z.uuid("integrationId must be an integration id"),
  isEnabled: z.boolean(),
});
export type SetIntegrationEnabled = z.infer<typeof SetIntegrationEnabled>;

export async function setIntegrationEnabled(ctx: Ctx, input: SetIntegrationEnabled) {
  assertCan(ctx.actor, "integrations.manage");
  const { integrationId, isEnabled } = parseInput(SetIntegrationEnabled, input);
  return ctx.db.transaction(async (tx) => {
    const [before] = await tx.select().from(integrations).where(eq(integrations.id, integrationId)).for("update");
    if (!before) throw new AppError("not_found", "No such integration");
    if (before.isEnabled === isEnabled) return integrationView(before);
    const [after] = await tx
      .update(integrations)
      .set({ isEnabled, updatedAt: new Date() })
      .where(eq(integrations.id, integrationId))
      .returning();
    await recordAudit(tx, ctx, {
      action: isEnabled ? "integration.enable" : "integration.disable",
      entityType: "integration",
      entityId: integrationId,
      before: { isEnabled: before.isEnabled },
      after: { isEnabled: after.isEnabled },
    });
    return integrationView(after);
  });
}
