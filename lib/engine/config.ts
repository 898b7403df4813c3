import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import type { Criticality, LabelMatcher } from "@/db/schema";
import { matchesAll } from "./matchers";

export type EngineIntegration = { id: string; serviceId: string | null; teamId: string | null };
export type EngineService = { id: string; name: string; criticality: Criticality; ownerTeamId: string | null };
export type EngineRule = { id: string; matchers: LabelMatcher[]; serviceId: string | null; teamId: string | null };
export type EngineSilence = { id: string; matchers: LabelMatcher[]; startsAt: number; endsAt: number };
export type EngineWindow = {
  id: string;
  serviceId: string | null;
  matchers: LabelMatcher[];
  startsAt: number;
  endsAt: number;
};

export type EngineConfig = {
  integrations: Map<string, EngineIntegration>;
  servicesById: Map<string, EngineService>;
  servicesByName: Map<string, EngineService>;
  rules: EngineRule[];
  silences: EngineSilence[];
  windows: EngineWindow[];
};

type ConfigRow = {
  integrations: EngineIntegration[] | null;
  services: EngineService[] | null;
  rules: EngineRule[] | null;
  silences: (Omit<EngineSilence, "startsAt" | "endsAt"> & { startsAt: string; endsAt: string })[] | null;
  windows: (Omit<EngineWindow, "startsAt" | "endsAt"> & { startsAt: string; endsAt: string })[] | null;
};

// Everything routing and suppression need for events received in [from, to], read in one round trip.
// An expired silence or cancelled window stops applying at its expiry, so earlier events still see it.
export async function loadEngineConfig(
  tx: DbOrTx,
  integrationIds: string[],
  from: Date,
  to: Date,
): Promise<EngineConfig> {
  const ids = sql`array[${sql.join(
    integrationIds.map((id) => sql`${id}`),
    sql`, `,
  )}]::uuid[]`;
  const [row] = (await tx.execute(sql`
    select
      (select json_agg(json_build_object('id', id, 'serviceId', service_id, 'teamId', team_id))
         from integrations where id = any(${ids})) as integrations,
      (select json_agg(json_build_object('id', id, 'name', name, 'criticality', criticality, 'ownerTeamId', owner_team_id))
         from services) as services,
      (select json_agg(json_build_object('id', id, 'matchers', matchers, 'serviceId', service_id, 'teamId', team_id)
                       order by position, created_at, id)
         from routing_rules
        where is_enabled and cardinality(category_ids) = 0 and cardinality(priorities) = 0
          and cardinality(match_service_ids) = 0
          and (cardinality(ticket_types) = 0 or 'incident' = any(ticket_types))) as rules,
      (select json_agg(json_build_object('id', id, 'matchers', matchers, 'startsAt', starts_at,
                                         'endsAt', least(ends_at, coalesce(expired_at, ends_at))))
         from silences
        where starts_at <= ${to.toISOString()}::timestamptz
          and least(ends_at, coalesce(expired_at, ends_at)) > ${from.toISOString()}::timestamptz) as silences,
      (select json_agg(json_build_object('id', id, 'serviceId', service_id, 'matchers', matchers, 'startsAt', starts_at,
                                         'endsAt', least(ends_at, coalesce(cancelled_at, ends_at))))
         from maintenance_windows
        where starts_at <= ${to.toISOString()}::timestamptz
          and least(ends_at, coalesce(cancelled_at, ends_at)) > ${from.toISOString()}::timestamptz) as windows
  `)) as unknown as ConfigRow[];
  const services = row.services ?? [];
  return {
    integrations: new Map((row.integrations ?? []).map((i) => [i.id, i])),
    servicesById: new Map(services.map((s) => [s.id, s])),
    servicesByName: new Map(services.map((s) => [s.name.toLowerCase(), s])),
    rules: row.rules ?? [],
    silences: (row.silences ?? []).map((s) => ({
      ...s,
      startsAt: Date.parse(s.startsAt),
      endsAt: Date.parse(s.endsAt),
    })),
    windows: (row.windows ?? []).map((w) => ({ ...w, startsAt: Date.parse(w.startsAt), endsAt: Date.parse(w.endsAt) })),
  };
}

export type Route = { serviceId: string | null; teamId: string | null };

// Ordered enabled rules (first match wins), else the integration's service/team, else a service named by the alert.
export function routeAlert(
  config: EngineConfig,
  integrationId: string,
  labels: Record<string, string>,
  serviceHint: string | null,
): Route {
  for (const rule of config.rules) {
    if (matchesAll(rule.matchers, labels)) {
      const service = rule.serviceId ? config.servicesById.get(rule.serviceId) : undefined;
      return { serviceId: rule.serviceId, teamId: rule.teamId ?? service?.ownerTeamId ?? null };
    }
  }
  const integration = config.integrations.get(integrationId);
  if (integration?.serviceId || integration?.teamId) {
    const service = integration.serviceId ? config.servicesById.get(integration.serviceId) : undefined;
    return { serviceId: integration.serviceId, teamId: integration.teamId ?? service?.ownerTeamId ?? null };
  }
  const name = serviceHint ?? labels.service;
  const service = name ? config.servicesByName.get(name.toLowerCase()) : undefined;
  if (service) return { serviceId: service.id, teamId: service.ownerTeamId };
  return { serviceId: null, teamId: null };
}

export type Suppression = { type: "silence" | "maintenance"; id: string };

export function suppressionFor(
  config: EngineConfig,
  labels: Record<string, string>,
  serviceId: string | null,
  at: number,
): Suppression | null {
  for (const window of config.windows) {
    if (at < window.startsAt || at >= window.endsAt) continue;
    const isServiceMatch = window.serviceId !== null && window.serviceId === serviceId;
    const isLabelMatch = window.matchers.length > 0 && matchesAll(window.matchers, labels);
    const isMatch =
      window.serviceId !== null && window.matchers.length > 0
        ? isServiceMatch && isLabelMatch
        : isServiceMatch || isLabelMatch;
    if (isMatch) return { type: "maintenance", id: window.id };
  }
  for (const silence of config.silences) {
    if (at < silence.startsAt || at >= silence.endsAt) continue;
    if (silence.matchers.length > 0 && matchesAll(silence.matchers, labels)) return { type: "silence", id: silence.id };
  }
  return null;
}

export function groupKeyFor(
  integrationId: string,
  senderGroupKey: string | null,
  serviceId: string | null,
  alertname: string,
) {
  return senderGroupKey ? `${integrationId}:${senderGroupKey}` : `rule:${serviceId ?? "none"}:${alertname}`;
}

export function isRuleGroup(groupKey: string) {
  return groupKey.startsWith("rule:");
}
