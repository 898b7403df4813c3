import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { requestCategories, requestTypes } from "@/db/schema";
import {
  createRequestCategory,
  createRequestType,
  deleteRequestCategory,
  listRequestCatalog,
  listRequestCatalogForAdmin,
  type RequestFieldDefinition,
  updateRequestCategory,
  updateRequestType,
} from "@/lib/requests/catalog";
import { createTestTeam, createTestUser, ctxFor, uniqueName } from "@/tests/factories";
import { auditRowsFor } from "@/tests/support/db";
import { expectAppError } from "@/tests/support/errors";

const VPN_FIELDS: RequestFieldDefinition[] = [
  { key: "reason", label: "Reason", type: "textarea", isRequired: true },
  { key: "duration_days", label: "Duration (days)", type: "number", isRequired: false, options: ["ignored"] },
  { key: "needs_mfa_token", label: "Needs an MFA token", type: "checkbox", isRequired: false, help: "  " },
];

async function manager() {
  return ctxFor((await createTestUser({ role: "manager" })).user);
}

describe("request categories", () => {
  it("lets a manager create and rename a category, auditing both", async () => {
    const ctx = await manager();
    const name = uniqueName("Access");
    const category = await createRequestCategory(ctx, { name: `  ${name} `, description: "Accounts and VPN" });
    expect(category).toMatchObject({ name, description: "Accounts and VPN", position: 0 });

    const renamed = await updateRequestCategory(ctx, {
      categoryId: category.id,
      name: `${name} & permissions`,
      description: "",
      position: 5,
    });
    expect(renamed).toMatchObject({ name: `${name} & permissions`, position: 5 });
    const audit = await auditRowsFor(category.id);
    expect(audit.map((a) => a.action)).toEqual(["request_category.create", "request_category.update"]);
    expect(audit[1].before).toMatchObject({ name });
    expect(audit[1].after).toMatchObject({ name: `${name} & permissions` });
  });

  it("refuses a second category whose name differs only in case", async () => {
    const ctx = await manager();
    const category = await createRequestCategory(ctx, { name: uniqueName("Hardware") });
    const error = await expectAppError(createRequestCategory(ctx, { name: category.name.toUpperCase() }), "conflict");
    expect(error.details?.fields?.name).toEqual(["A category with this name already exists"]);
    const other = await createRequestCategory(ctx, { name: uniqueName("Software") });
    await expectAppError(updateRequestCategory(ctx, { categoryId: other.id, name: category.name }), "conflict");
  });

  it("deletes an empty category but refuses one that still has request types", async () => {
    const ctx = await manager();
    const empty = await createRequestCategory(ctx, { name: uniqueName("Empty") });
    await deleteRequestCategory(ctx, { categoryId: empty.id });
    expect(await getDb().select().from(requestCategories).where(eq(requestCategories.id, empty.id))).toEqual([]);
    expect((await auditRowsFor(empty.id)).map((a) => a.action)).toContain("request_category.delete");

    const full = await createRequestCategory(ctx, { name: uniqueName("Full") });
    await createRequestType(ctx, { categoryId: full.id, name: "Hidden one", isActive: false });
    const error = await expectAppError(deleteRequestCategory(ctx, { categoryId: full.id }), "conflict");
    expect(error.message).toMatch(/still has request types/);
    expect(await getDb().select().from(requestCategories).where(eq(requestCategories.id, full.id))).toHaveLength(1);
    expect((await auditRowsFor(full.id)).map((a) => a.action)).not.toContain("request_category.delete");
    await expectAppError(deleteRequestCategory(ctx, { categoryId: empty.id }), "not_found");
  });
});

describe("request types", () => {
  it("creates a type with normalised field definitions and updates only what is given", async () => {
    const ctx = await manager();
    const team = await createTestTeam();
    const category = await createRequestCategory(ctx, { name: uniqueName("Access") });
    const type = await createRequestType(ctx, {
      categoryId: category.id,
      name: "VPN access",
      description: "Remote access for staff",
      fields: VPN_FIELDS,
      defaultImpact: 3,
      defaultUrgency: 2,
      teamId: team.id,
    });
    expect(type).toMatchObject({ name: "VPN access", defaultImpact: 3, defaultUrgency: 2, teamId: team.id });
    expect(type.fields).toEqual([
      { key: "reason", label: "Reason", type: "textarea", isRequired: true },
      { key: "duration_days", label: "Duration (days)", type: "number", isRequired: false },
      { key: "needs_mfa_token", label: "Needs an MFA token", type: "checkbox", isRequired: false },
    ]);

    const moved = await createRequestCategory(ctx, { name: uniqueName("Network") });
    const updated = await updateRequestType(ctx, {
      requestTypeId: type.id,
      categoryId: moved.id,
      isActive: false,
      teamId: null,
      position: 3,
      fields: [{ key: "model", label: "Model", type: "select", isRequired: true, options: [" 14-inch ", "16-inch"] }],
    });
    expect(updated).toMatchObject({
      name: "VPN access",
      description: "Remote access for staff",
      categoryId: moved.id,
      isActive: false,
      teamId: null,
      position: 3,
      defaultUrgency: 2,
    });
    expect(updated.fields).toEqual([
      { key: "model", label: "Model", type: "select", isRequired: true, options: ["14-inch", "16-inch"] },
    ]);
    const audit = await auditRowsFor(type.id);
    expect(audit.map((a) => a.action)).toEqual(["request_type.create", "request_type.update"]);
    expect(audit[1].before).toMatchObject({ categoryId: category.id, isActive: true });
    expect(audit[1].after).toMatchObject({ categoryId: moved.id, isActive: false });
  });

  it("names the broken part of each invalid field definition", async () => {
    const ctx = await manager();
    const category = await createRequestCategory(ctx, { name: uniqueName("Broken") });
    const error = await expectAppError(
      createRequestType(ctx, {
        categoryId: category.id,
        name: "Broken",
        fields: [
          { key: "Reason", label: "Reason", type: "text", isRequired: false },
          { key: "model", label: "", type: "select", isRequired: false, options: [] },
          { key: "size", label: "Size", type: "select", isRequired: false, options: ["S", "S"] },
          { key: "colour", label: "Colour", type: "select", isRequired: false, options: ["red", " "] },
          { key: "size", label: "Size again", type: "radio" as "text", isRequired: false },
          { key: `a${"b".repeat(50)}`, label: "x".repeat(101), type: "text", isRequired: false },
        ],
        defaultImpact: 4,
      }),
      "invalid",
    );
    expect(error.details?.fields).toMatchObject({
      "fields.0.key": [expect.stringMatching(/^Key: a lowercase letter first/)],
      "fields.1.label": ["Label is required"],
      "fields.1.options": ["A choice list needs at least one option"],
      "fields.2.options": ["Each option must be different"],
      "fields.3.options": ["Options cannot be empty"],
      "fields.4.type": [expect.stringMatching(/^Type must be one of/)],
      "fields.5.key": [expect.stringMatching(/^Key:/)],
      "fields.5.label": ["Label is at most 100 characters"],
      defaultImpact: ["Use 1 (high), 2 (medium) or 3 (low)"],
    });
    expect(await getDb().select().from(requestTypes).where(eq(requestTypes.categoryId, category.id))).toEqual([]);
  });

  it("refuses duplicate keys, too many fields and too many options", async () => {
    const ctx = await manager();
    const category = await createRequestCategory(ctx, { name: uniqueName("Limits") });
    const twice = await expectAppError(
      createRequestType(ctx, {
        categoryId: category.id,
        name: "Twice",
        fields: [
          { key: "reason", label: "Reason", type: "text", isRequired: false },
          { key: "reason", label: "Reason again", type: "textarea", isRequired: false },
        ],
      }),
      "invalid",
    );
    expect(twice.details?.fields).toEqual({ "fields.1.key": ["Another field already uses this key"] });

    const many = Array.from({ length: 31 }, (_, i) => ({
      key: `f${i}`,
      label: `Field ${i}`,
      type: "text" as const,
      isRequired: false,
    }));
    const tooMany = await expectAppError(
      createRequestType(ctx, { categoryId: category.id, name: "Many", fields: many }),
      "invalid",
    );
    expect(tooMany.details?.fields).toEqual({ fields: ["At most 30 fields"] });

    const options = Array.from({ length: 51 }, (_, i) => `option ${i}`);
    const tooManyOptions = await expectAppError(
      createRequestType(ctx, {
        categoryId: category.id,
        name: "Options",
        fields: [{ key: "pick", label: "Pick", type: "select", isRequired: true, options }],
      }),
      "invalid",
    );
    expect(tooManyOptions.details?.fields).toEqual({ "fields.0.options": ["At most 50 options"] });
    const fine = await createRequestType(ctx, {
      categoryId: category.id,
      name: "Thirty fields",
      fields: many.slice(0, 30),
    });
    expect(fine.fields).toHaveLength(30);
  });

  it("refuses a duplicate name in the same category, an unknown category or team", async () => {
    const ctx = await manager();
    const category = await createRequestCategory(ctx, { name: uniqueName("Software") });
    await createRequestType(ctx, { categoryId: category.id, name: "Software install" });
    await expectAppError(createRequestType(ctx, { categoryId: category.id, name: "SOFTWARE INSTALL" }), "conflict");
    const missing = "00000000-0000-4000-8000-00000000c0de";
    const noCategory = await expectAppError(createRequestType(ctx, { categoryId: missing, name: "X" }), "invalid");
    expect(noCategory.details?.fields).toEqual({ categoryId: ["No such request category"] });
    const noTeam = await expectAppError(
      createRequestType(ctx, { categoryId: category.id, name: "Y", teamId: missing }),
      "invalid",
    );
    expect(noTeam.details?.fields).toEqual({ teamId: ["No such team"] });
    await expectAppError(updateRequestType(ctx, { requestTypeId: missing, name: "Z" }), "not_found");
  });

  it("refuses agents, engineers and requesters with forbidden and writes nothing", async () => {
    const ctx = await manager();
    const category = await createRequestCategory(ctx, { name: uniqueName("Guarded") });
    const type = await createRequestType(ctx, { categoryId: category.id, name: "Guarded type" });
    for (const role of ["agent", "engineer", "requester"] as const) {
      const other = ctxFor((await createTestUser({ role })).user);
      await expectAppError(createRequestCategory(other, { name: uniqueName(role) }), "forbidden");
      await expectAppError(updateRequestCategory(other, { categoryId: category.id, name: "Taken over" }), "forbidden");
      await expectAppError(deleteRequestCategory(other, { categoryId: category.id }), "forbidden");
      await expectAppError(createRequestType(other, { categoryId: category.id, name: role }), "forbidden");
      await expectAppError(updateRequestType(other, { requestTypeId: type.id, isActive: false }), "forbidden");
      await expectAppError(listRequestCatalogForAdmin(other), "forbidden");
    }
    const [unchanged] = await getDb().select().from(requestTypes).where(eq(requestTypes.id, type.id));
    expect(unchanged).toMatchObject({ name: "Guarded type", isActive: true });
    expect(await getDb().select().from(requestTypes).where(eq(requestTypes.categoryId, category.id))).toHaveLength(1);
  });

  it("shows requesters only active types, grouped by category; the admin list shows everything", async () => {
    const ctx = await manager();
    const category = await createRequestCategory(ctx, { name: uniqueName("Catalog"), position: 9000 });
    const empty = await createRequestCategory(ctx, { name: uniqueName("Empty"), position: 9001 });
    const second = await createRequestType(ctx, { categoryId: category.id, name: "B second", position: 2 });
    const first = await createRequestType(ctx, { categoryId: category.id, name: "A first", position: 1 });
    const hidden = await createRequestType(ctx, { categoryId: category.id, name: "C hidden", isActive: false });

    const requester = ctxFor((await createTestUser({ role: "requester" })).user);
    const catalog = await listRequestCatalog(requester);
    const mine = catalog.find((c) => c.id === category.id);
    expect(mine?.types.map((t) => t.id)).toEqual([first.id, second.id]);
    expect(catalog.find((c) => c.id === empty.id)).toBeUndefined();

    const admin = await listRequestCatalogForAdmin(ctx);
    expect(admin.find((c) => c.id === category.id)?.types.map((t) => t.id)).toEqual([hidden.id, first.id, second.id]);
    expect(admin.find((c) => c.id === empty.id)?.types).toEqual([]);
  });
});
