import { sql } from "drizzle-orm";
import {
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { teams } from "./identity";

export const REQUEST_FIELD_TYPES = ["text", "textarea", "number", "date", "select", "checkbox"] as const;
export type RequestFieldType = (typeof REQUEST_FIELD_TYPES)[number];

export type RequestField = {
  key: string;
  label: string;
  type: RequestFieldType;
  isRequired: boolean;
  options?: string[];
  help?: string;
};

export const requestCategories = pgTable(
  "request_categories",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    position: integer("position").notNull().default(0),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("request_categories_name_idx").on(sql`lower(${t.name})`)],
);
export type RequestCategory = typeof requestCategories.$inferSelect;

export const requestTypes = pgTable(
  "request_types",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    categoryId: uuid("category_id")
      .notNull()
      .references(() => requestCategories.id, { onDelete: "restrict" }),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    fields: jsonb("fields").$type<RequestField[]>().notNull().default([]),
    defaultImpact: smallint("default_impact").notNull().default(3),
    defaultUrgency: smallint("default_urgency").notNull().default(3),
    teamId: uuid("team_id").references(() => teams.id, { onDelete: "set null" }),
    isActive: boolean("is_active").notNull().default(true),
    position: integer("position").notNull().default(0),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("request_types_category_id_name_idx").on(t.categoryId, sql`lower(${t.name})`),
    index("request_types_category_id_idx").on(t.categoryId),
  ],
);
export type RequestType = typeof requestTypes.$inferSelect;
