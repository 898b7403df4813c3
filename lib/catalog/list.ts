import { asc, eq, sql } from "drizzle-orm";
import { assets, serviceAssets, services, teams } from "@/db/schema";
import { assertCan } from "@/lib/auth/permissions";
import type { Ctx } from "@/lib/context";

export async function listServices(ctx: Ctx) {
  assertCan(ctx.actor, "catalog.read");
  return ctx.db
    .select({
      id: services.id,
      name: services.name,
      description: services.description,
      criticality: services.criticality,
      ownerTeamId: services.ownerTeamId,
      ownerTeamName: teams.name,
      assetCount: sql<number>`(select count(*)::int from ${serviceAssets} where ${serviceAssets.serviceId} = ${services.id})`,
    })
    .from(services)
    .leftJoin(teams, eq(teams.id, services.ownerTeamId))
    .orderBy(asc(services.name));
}

export async function listAssets(ctx: Ctx) {
  assertCan(ctx.actor, "catalog.read");
  return ctx.db
    .select({
      id: assets.id,
      name: assets.name,
      kind: assets.kind,
      address: assets.address,
      description: assets.description,
      criticality: assets.criticality,
      ownerTeamId: assets.ownerTeamId,
      ownerTeamName: teams.name,
      services: sql<{ id: string; name: string }[]>`coalesce((
        select json_agg(json_build_object('id', s.id, 'name', s.name) order by s.name)
        from ${serviceAssets} sa join ${services} s on s.id = sa.service_id
        where sa.asset_id = ${assets.id}), '[]'::json)`,
    })
    .from(assets)
    .leftJoin(teams, eq(teams.id, assets.ownerTeamId))
    .orderBy(asc(assets.name));
}
