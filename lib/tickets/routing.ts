import { asc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { type Priority, routingRules, services, type TicketType } from "@/db/schema";
import { matchesAll } from "@/lib/engine/matchers";

export type RoutingFacts = {
  type: TicketType;
  categoryId: string | null;
  serviceId: string | null;
  priority: Priority;
  labels?: Record<string, string>;
};

export type TicketRoute = { ruleId: string; ruleName: string; teamId: string | null; serviceId: string | null };

const applies = (values: readonly string[], value: string | null) =>
  !values.length || (!!value && values.includes(value));

// First enabled rule whose every condition holds; a rule with label matchers only matches tickets that carry labels.
export async function routeTicket(tx: DbOrTx, facts: RoutingFacts): Promise<TicketRoute | null> {
  const rules = await tx
    .select()
    .from(routingRules)
    .where(eq(routingRules.isEnabled, true))
    .orderBy(asc(routingRules.position), asc(routingRules.createdAt));
  for (const rule of rules) {
    if (!applies(rule.ticketTypes, facts.type)) continue;
    if (!applies(rule.categoryIds, facts.categoryId)) continue;
    if (!applies(rule.matchServiceIds, facts.serviceId)) continue;
    if (!applies(rule.priorities, facts.priority)) continue;
    if (rule.matchers.length && !(facts.labels && matchesAll(rule.matchers, facts.labels))) continue;
    let teamId = rule.teamId;
    if (!teamId && rule.serviceId) {
      const [service] = await tx
        .select({ ownerTeamId: services.ownerTeamId })
        .from(services)
        .where(eq(services.id, rule.serviceId));
      teamId = service?.ownerTeamId ?? null;
    }
    return { ruleId: rule.id, ruleName: rule.name, teamId, serviceId: rule.serviceId };
  }
  return null;
}
