import { and, asc, count, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { REQUEST_FIELD_TYPES, type RequestField, requestCategories, requestTypes, teams } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { assertCan } from "@/lib/auth/permissions";
import type { Ctx } from "@/lib/context";
import { AppError, parseInput } from "@/lib/errors";
import messages from "@/lib/i18n/messages/en.requests.json" with { type: "json" };

// The English texts double as the verbs' messages, so a form can map them back to the reader's language.
const m = messages.requestCatalog.errors;

export const MAX_REQUEST_FIELDS = 30;
export const MAX_SELECT_OPTIONS = 50;

const Name = z.string().trim().min(1, m.nameRequired).max(120, m.nameTooLong);
const Description = z.string().trim().max(2000, m.descriptionTooLong).default("");
const Position = z.coerce.number().int(m.position).min(0, m.position).max(10_000, m.position).default(0);
const Level = z.coerce.number().int(m.level).min(1, m.level).max(3, m.level);

export const RequestFieldDefinition = z
  .object({
    key: z
      .string()
      .trim()
      .regex(/^[a-z][a-z0-9_]{0,49}$/, m.fieldKey),
    label: z.string().trim().min(1, m.fieldLabelRequired).max(100, m.fieldLabelTooLong),
    type: z.enum(REQUEST_FIELD_TYPES, { error: m.fieldType }),
    isRequired: z.boolean().default(false),
    options: z.array(z.string().trim().max(200, m.optionTooLong)).optional(),
    help: z.string().trim().max(300, m.helpTooLong).optional(),
  })
  .superRefine((field, issue) => {
    if (field.type !== "select") return;
    const options = field.options ?? [];
    if (options.length < 1) issue.addIssue({ code: "custom", path: ["options"], message: m.optionsRequired });
    else if (options.length > MAX_SELECT_OPTIONS) {
      issue.addIssue({ code: "custom", path: ["options"], message: m.optionsTooMany });
    } else if (options.some((o) => !o)) {
      issue.addIssue({ code: "custom", path: ["options"], message: m.optionEmpty });
    } else if (new Set(options).size !== options.length) {
      issue.addIssue({ code: "custom", path: ["options"], message: m.optionsUnique });
    }
  })
  .transform(
    (field): RequestField => ({
      key: field.key,
      label: field.label,
      type: field.type,
      isRequired: field.isRequired,
      ...(field.type === "select" ? { options: field.options } : {}),
      ...(field.help ? { help: field.help } : {}),
    }),
  );
export type RequestFieldDefinition = z.input<typeof RequestFieldDefinition>;

export const RequestFieldDefinitions = z
  .array(RequestFieldDefinition)
  .max(MAX_REQUEST_FIELDS, m.fieldsTooMany)
  .superRefine((fields, issue) => {
    const seen = new Set<string>();
    fields.forEach((field, index) => {
      if (seen.has(field.key)) issue.addIssue({ code: "custom", path: [index, "key"], message: m.fieldKeyTaken });
      seen.add(field.key);
    });
  });

const Id = z.uuid(m.noSuchRecord);

const CategoryFields = {
  name: z.string().trim().min(1, m.nameRequired).max(100, m.categoryNameTooLong),
  description: Description,
  position: Position,
};

export const CreateRequestCategory = z.object(CategoryFields);
export type CreateRequestCategory = z.input<typeof CreateRequestCategory>;

const categoryTaken = (name: string) =>
  new AppError("conflict", m.categoryNameTaken, { fields: { name: [m.categoryNameTaken] }, extra: { name } });

export async function createRequestCategory(ctx: Ctx, input: CreateRequestCategory) {
  assertCan(ctx.actor, "request_catalog.manage");
  const data = parseInput(CreateRequestCategory, input);
  return ctx.db.transaction(async (tx) => {
    const [category] = await tx.insert(requestCategories).values(data).onConflictDoNothing().returning();
    if (!category) throw categoryTaken(data.name);
    await recordAudit(tx, ctx, {
      action: "request_category.create",
      entityType: "request_category",
      entityId: category.id,
      after: category,
    });
    return category;
  });
}

export const UpdateRequestCategory = z.object({ categoryId: Id, ...CategoryFields });
export type UpdateRequestCategory = z.input<typeof UpdateRequestCategory>;

export async function updateRequestCategory(ctx: Ctx, input: UpdateRequestCategory) {
  assertCan(ctx.actor, "request_catalog.manage");
  const { categoryId, ...data } = parseInput(UpdateRequestCategory, input);
  return ctx.db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(requestCategories)
      .where(eq(requestCategories.id, categoryId))
      .for("update");
    if (!before) throw new AppError("not_found", m.noSuchCategory);
    const [clash] = await tx
      .select({ id: requestCategories.id })
      .from(requestCategories)
      .where(sql`lower(${requestCategories.name}) = lower(${data.name}) and ${requestCategories.id} <> ${categoryId}`);
    if (clash) throw categoryTaken(data.name);
    const [after] = await tx
      .update(requestCategories)
      .set({ ...data, updatedAt: new Date() })
      .where(eq(requestCategories.id, categoryId))
      .returning();
    await recordAudit(tx, ctx, {
      action: "request_category.update",
      entityType: "request_category",
      entityId: categoryId,
      before,
      after,
    });
    return after;
  });
}

export const DeleteRequestCategory = z.object({ categoryId: Id });
export type DeleteRequestCategory = z.input<typeof DeleteRequestCategory>;

export async function deleteRequestCategory(ctx: Ctx, input: DeleteRequestCategory) {
  assertCan(ctx.actor, "request_catalog.manage");
  const { categoryId } = parseInput(DeleteRequestCategory, input);
  return ctx.db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(requestCategories)
      .where(eq(requestCategories.id, categoryId))
      .for("update");
    if (!before) throw new AppError("not_found", m.noSuchCategory);
    const [{ types }] = await tx
      .select({ types: count() })
      .from(requestTypes)
      .where(eq(requestTypes.categoryId, categoryId));
    if (types > 0) {
      throw new AppError("conflict", m.categoryNotEmpty, { extra: { requestTypes: types } });
    }
    await tx.delete(requestCategories).where(eq(requestCategories.id, categoryId));
    await recordAudit(tx, ctx, {
      action: "request_category.delete",
      entityType: "request_category",
      entityId: categoryId,
      before,
    });
  });
}

const TypeFields = {
  categoryId: Id,
  name: Name,
  description: Description,
  fields: RequestFieldDefinitions.default([]),
  defaultImpact: Level.default(3),
  defaultUrgency: Level.default(3),
  teamId: z.uuid(m.noSuchTeam).nullish(),
  isActive: z.boolean().default(true),
  position: Position,
};

export const CreateRequestType = z.object(TypeFields);
export type CreateRequestType = z.input<typeof CreateRequestType>;

async function checkTypeRefs(tx: DbOrTx, data: { categoryId?: string; teamId?: string | null }) {
  if (data.categoryId) {
    const [category] = await tx
      .select({ id: requestCategories.id })
      .from(requestCategories)
      .where(eq(requestCategories.id, data.categoryId))
      .for("share");
    if (!category) throw new AppError("invalid", m.noSuchCategory, { fields: { categoryId: [m.noSuchCategory] } });
  }
  if (data.teamId) {
    const [team] = await tx.select({ id: teams.id }).from(teams).where(eq(teams.id, data.teamId)).for("share");
    if (!team) throw new AppError("invalid", m.noSuchTeam, { fields: { teamId: [m.noSuchTeam] } });
  }
}

async function assertTypeNameFree(tx: DbOrTx, categoryId: string, name: string, exceptId?: string) {
  const [clash] = await tx
    .select({ id: requestTypes.id })
    .from(requestTypes)
    .where(
      and(
        eq(requestTypes.categoryId, categoryId),
        sql`lower(${requestTypes.name}) = lower(${name})`,
        exceptId ? sql`${requestTypes.id} <> ${exceptId}` : undefined,
      ),
    );
  if (clash) {
    throw new AppError("conflict", m.typeNameTaken, { fields: { name: [m.typeNameTaken] }, extra: { name } });
  }
}

export async function createRequestType(ctx: Ctx, input: CreateRequestType) {
  assertCan(ctx.actor, "request_catalog.manage");
  const data = parseInput(CreateRequestType, input);
  return ctx.db.transaction(async (tx) => {
    await checkTypeRefs(tx, data);
    await assertTypeNameFree(tx, data.categoryId, data.name);
    const [type] = await tx
      .insert(requestTypes)
      .values({ ...data, teamId: data.teamId ?? null })
      .returning();
    await recordAudit(tx, ctx, {
      action: "request_type.create",
      entityType: "request_type",
      entityId: type.id,
      after: type,
    });
    return type;
  });
}

export const UpdateRequestType = z.object({
  requestTypeId: Id,
  categoryId: Id.optional(),
  name: Name.optional(),
  description: z.string().trim().max(2000, m.descriptionTooLong).optional(),
  fields: RequestFieldDefinitions.optional(),
  defaultImpact: Level.optional(),
  defaultUrgency: Level.optional(),
  teamId: z.uuid(m.noSuchTeam).nullish(),
  isActive: z.boolean().optional(),
  position: z.coerce.number().int(m.position).min(0, m.position).max(10_000, m.position).optional(),
});
export type UpdateRequestType = z.input<typeof UpdateRequestType>;

// Only the given properties change; tickets already filed keep the values they were submitted with.
export async function updateRequestType(ctx: Ctx, input: UpdateRequestType) {
  assertCan(ctx.actor, "request_catalog.manage");
  const { requestTypeId, ...data } = parseInput(UpdateRequestType, input);
  const changes = Object.fromEntries(Object.entries(data).filter(([, v]) => v !== undefined)) as typeof data;
  return ctx.db.transaction(async (tx) => {
    const [before] = await tx.select().from(requestTypes).where(eq(requestTypes.id, requestTypeId)).for("update");
    if (!before) throw new AppError("not_found", m.noSuchType);
    await checkTypeRefs(tx, changes);
    if (changes.name !== undefined || changes.categoryId !== undefined) {
      await assertTypeNameFree(tx, changes.categoryId ?? before.categoryId, changes.name ?? before.name, requestTypeId);
    }
    const [after] = await tx
      .update(requestTypes)
      .set({ ...changes, updatedAt: new Date() })
      .where(eq(requestTypes.id, requestTypeId))
      .returning();
    await recordAudit(tx, ctx, {
      action: "request_type.update",
      entityType: "request_type",
      entityId: requestTypeId,
      before,
      after,
    });
    return after;
  });
}

const typeOrder = [asc(requestTypes.position), asc(requestTypes.name)];
const categoryOrder = [asc(requestCategories.position), asc(requestCategories.name)];

export type PortalRequestType = {
  id: string;
  name: string;
  description: string;
  fields: RequestField[];
};

// What a requester may file: active types, grouped under their categories; categories without one are left out.
export async function listRequestCatalog(ctx: Ctx) {
  assertCan(ctx.actor, "requests.portal");
  const rows = await ctx.db
    .select({
      categoryId: requestCategories.id,
      categoryName: requestCategories.name,
      categoryDescription: requestCategories.description,
      id: requestTypes.id,
      name: requestTypes.name,
      description: requestTypes.description,
      fields: requestTypes.fields,
    })
    .from(requestTypes)
    .innerJoin(requestCategories, eq(requestCategories.id, requestTypes.categoryId))
    .where(eq(requestTypes.isActive, true))
    .orderBy(...categoryOrder, ...typeOrder);
  const categories: { id: string; name: string; description: string; types: PortalRequestType[] }[] = [];
  for (const row of rows) {
    let category = categories.at(-1);
    if (category?.id !== row.categoryId) {
      category = { id: row.categoryId, name: row.categoryName, description: row.categoryDescription, types: [] };
      categories.push(category);
    }
    category.types.push({ id: row.id, name: row.name, description: row.description, fields: row.fields });
  }
  return categories;
}
export type RequestCatalog = Awaited<ReturnType<typeof listRequestCatalog>>;

// Every category (empty ones too) with every type, active or not, for the people who edit the catalog.
export async function listRequestCatalogForAdmin(ctx: Ctx) {
  assertCan(ctx.actor, "request_catalog.manage");
  const [categories, types] = await Promise.all([
    ctx.db
      .select()
      .from(requestCategories)
      .orderBy(...categoryOrder),
    ctx.db
      .select({ type: requestTypes, teamName: teams.name })
      .from(requestTypes)
      .leftJoin(teams, eq(teams.id, requestTypes.teamId))
      .orderBy(...typeOrder),
  ]);
  return categories.map((category) => ({
    ...category,
    types: types.filter((t) => t.type.categoryId === category.id).map((t) => ({ ...t.type, teamName: t.teamName })),
  }));
}
export type AdminRequestCatalog = Awaited<ReturnType<typeof listRequestCatalogForAdmin>>;
