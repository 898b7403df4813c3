import { sql } from "drizzle-orm";
import { index, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { teams } from "./identity";

export const CRITICALITIES = ["critical", "high", "medium", "low"] as const;
export type Criticality = (typeof CRITICALITIES)[number];
export const criticalityEnum = pgEnum("criticality", CRITICALITIES);

export const ASSET_KINDS = [
  "server",
  "network_device",
  "k8s_cluster",
  "database",
  "iot_sensor",
  "backup_target",
  "application",
  "other",
] as const;
export type AssetKind = (typeof ASSET_KINDS)[number];
export const assetKindEnum = pgEnum("asset_kind", ASSET_KINDS);

export const services = pgTable(
  "services",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    ownerTeamId: uuid("owner_team_id").references(() => teams.id, { onDelete: "set null" }),
    criticality: criticalityEnum("criticality").notNull().default("medium"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("services_name_idx").on(sql`lower(${t.name})`),
    index("services_owner_team_id_idx").on(t.ownerTeamId),
  ],
);
export type Service = typeof services.$inferSelect;

export const assets = pgTable(
  "assets",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    kind: assetKindEnum("kind").notNull().default("server"),
    address: text("address").notNull().default(""),
    description: text("description").notNull().default(""),
    ownerTeamId: uuid("owner_team_id").references(() => teams.id, { onDelete: "set null" }),
    criticality: criticalityEnum("criticality").notNull().default("medium"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("assets_name_idx").on(sql`lower(${t.name})`),
    index("assets_owner_team_id_idx").on(t.ownerTeamId),
  ],
);
export type Asset = typeof assets.$inferSelect;

export const serviceAssets = pgTable(
  "service_assets",
  {
    serviceId: uuid("service_id")
      .notNull()
      .references(() => services.id, { onDelete: "cascade" }),
    assetId: uuid("asset_id")
      .notNull()
      .references(() => assets.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.serviceId, t.assetId] }), index("service_assets_asset_id_idx").on(t.assetId)],
);
