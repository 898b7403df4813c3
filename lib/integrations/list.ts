import { asc, eq, sql } from "drizzle-orm";
import { type EventAction, events, type IntegrationKind, integrations, services, teams } from "@/db/schema";
import { assertCan } from "@/lib/auth/permissions";
import type { Ctx } from "@/lib/context";
import { integrationUrl } from "./endpoints";

export type RecentEvent = {
  id: number;
  receivedAt: Date;
  action: EventAction;
  fingerprint: string;
  summary: string;
  processedAt: Date | null;
};

export async function listIntegrations(ctx: Ctx, options: { recentEvents?: number } = {}) {
  assertCan(ctx.actor, "integrations.manage");
  const limit = Math.min(Math.max(options.recentEvents ?? 10, 0), 100);
  const rows = await ctx.db
    .select({
      id: integrations.id,
      name: integrations.name,
      kind: integrations.kind,
      keyPrefix: integrations.keyPrefix,
      isEnabled: integrations.isEnabled,
      rateLimitPerMinute: integrations.rateLimitPerMinute,
      serviceId: integrations.serviceId,
      serviceName: services.name,
      teamId: integrations.teamId,
      teamName: teams.name,
      createdAt: integrations.createdAt,
      keyRotatedAt: integrations.keyRotatedAt,
      lastEventAt: integrations.lastEventAt,
      errorCount: integrations.errorCount,
      lastError: integrations.lastError,
      lastErrorAt: integrations.lastErrorAt,
    })
    .from(integrations)
    .leftJoin(services, eq(services.id, integrations.serviceId))
    .leftJoin(teams, eq(teams.id, integrations.teamId))
    .orderBy(asc(integrations.name));
  const recent = new Map<string, RecentEvent[]>();
  if (rows.length && limit) {
    const ids = rows.map((r) => r.id);
    // One index scan per integration (events_integration_id_id_idx) instead of ranking its whole history.
    const found = await ctx.db.execute<{
      integration_id: string;
      id: string | number;
      received_at: string | Date;
      action: EventAction;
      fingerprint: string;
      summary: string;
      processed_at: string | Date | null;
    }>(sql`
      select i.id as integration_id, e.*
      from ${integrations} i
      cross join lateral (
        select ${events.id} as id, ${events.receivedAt} as received_at, ${events.action} as action,
               ${events.fingerprint} as fingerprint, coalesce(${events.normalized}->>'summary', '') as summary,
               ${events.processedAt} as processed_at
        from ${events} where ${events.integrationId} = i.id
        order by ${events.id} desc limit ${limit}
      ) e
      where i.id in ${ids}
      order by e.id desc`);
    for (const row of found) {
      const list = recent.get(row.integration_id) ?? [];
      list.push({
        id: Number(row.id),
        receivedAt: new Date(row.received_at),
        action: row.action,
        fingerprint: row.fingerprint,
        summary: row.summary,
        processedAt: row.processed_at ? new Date(row.processed_at) : null,
      });
      recent.set(row.integration_id, list);
    }
  }
  return rows.map((row) => ({
    ...row,
    url: integrationUrl(row.kind as IntegrationKind),
    recentEvents: recent.get(row.id) ?? [],
  }));
}
export type IntegrationListItem = Awaited<ReturnType<typeof listIntegrations>>[number];
