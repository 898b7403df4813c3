import { eq } from "drizzle-orm";
import { z } from "zod";
import { CRITICALITIES, services } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { assertCan } from "@/lib/auth/permissions";
import type { Ctx } from "@/lib/context";
import { AppError, parseInput } from "@/lib/errors";

export const CatalogName = z.string().trim().min(1, "Name is required").max(120, "Name is at most 120 characters");
export const CatalogDescription = z.string().trim().max(2000, "Description is at most 2000 characters").default("");
export const OwnerTeamId = z
  .union([z.uuid("Choose an owner team"), z.literal("")])
  .optional()
  .transform((v) => v || null);
export const CriticalityInput = z.enum(CRITICALITIES, {
  error: `Criticality must be one of ${CRITICALITIES.join(", ")}`,
});

export const ServiceFields = z.object({
  name: CatalogName,
  description: CatalogDescription,
  ownerTeamId: OwnerTeamId,
  criticality: CriticalityInput,
});
export const CreateService = ServiceFields;
export type CreateService = z.input<typeof CreateService>;

export async function createService(ctx: Ctx, input: CreateService) {
  assertCan(ctx.actor, "catalog.manage");
  const data = parseInput(CreateService, input);
  return ctx.db.transaction(async (tx) => {
    const [service] = await tx.insert(services).values(data).onConflictDoNothing().returning();
    if (!service) throw new AppError("conflict", `A service named ${data.name} already exists`);
    await recordAudit(tx, ctx, {
      action: "service.create",
      entityType: "service",
      entityId: service.id,
      after: service,
    });
    return service;
  });
}

export const UpdateService = ServiceFields.extend({ serviceId: z.uuid() });
export type UpdateService = z.input<typeof UpdateService>;

export async function updateService(ctx: Ctx, input: UpdateService) {
  assertCan(ctx.actor, "catalog.manage");
  const { serviceId, ...data } = parseInput(UpdateService, input);
  return ctx.db.transaction(async (tx) => {
    const before = await tx.query.services.findFirst({ where: eq(services.id, serviceId) });
    if (!before) throw new AppError("not_found", "No such service");
    const [after] = await tx
      .update(services)
      .set({ ...data, updatedAt: new Date() })
      .where(eq(services.id, serviceId))
      .returning();
    await recordAudit(tx, ctx, { action: "service.update", entityType: "service", entityId: serviceId, before, after });
    return after;
  });
}

export const DeleteService = z.object({ serviceId: z.uuid() });
export type DeleteService = z.input<typeof DeleteService>;

export async function deleteService(ctx: Ctx, input: DeleteService) {
  assertCan(ctx.actor, "catalog.manage");
  const { serviceId } = parseInput(DeleteService, input);
  return ctx.db.transaction(async (tx) => {
    const [before] = await tx.delete(services).where(eq(services.id, serviceId)).returning();
    if (!before) throw new AppError("not_found", "No such service");
    await recordAudit(tx, ctx, { action: "service.delete", entityType: "service", entityId: serviceId, before });
  });
}
