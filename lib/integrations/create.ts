import { z } from "zod";
import { INTEGRATION_KINDS, integrations } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { actorUserId, assertCan } from "@/lib/auth/permissions";
import type { Ctx } from "@/lib/context";
import { AppError, parseInput } from "@/lib/errors";
import { integrationUrl } from "./endpoints";
import { newIntegrationKey } from "./key";
import { integrationView } from "./view";

const OptionalId = (message: string) =>
  z
    .union([z.uuid(message), z.literal("")])
    .nullish()
    .transform((v) => v || null);

export const CreateIntegration = z.object({
  kind: z.enum(INTEGRATION_KINDS, { error: `Kind must be one of ${INTEGRATION_KINDS.join(", ")}` }),
  name: z.string().trim().min(1, "Name is required").max(100, "Name is at most 100 characters"),
  serviceId: OptionalId("Choose a service"),
  teamId: OptionalId("Choose a team"),
});
export type CreateIntegration = z.input<typeof CreateIntegration>;

export async function createIntegration(ctx: Ctx, input: CreateIntegration) {
  assertCan(ctx.actor, "integrations.manage");
  const data = parseInput(CreateIntegration, input);
  const { key, keyHash, keyPrefix } = newIntegrationKey();
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(integrations)
      .values({ ...data, keyHash, keyPrefix, createdById: actorUserId(ctx.actor) })
      .onConflictDoNothing()
      .returning();
    if (!row) throw new AppError("conflict", `An integration named ${data.name} already exists`);
    const integration = integrationView(row);
    await recordAudit(tx, ctx, {
      action: "integration.create",
      entityType: "integration",
      entityId: row.id,
      after: integration,
    });
    return { integration, key, url: integrationUrl(row.kind) };
  });
}
