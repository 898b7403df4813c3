import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import {
  type Alert,
  type AlertStatus,
  alerts,
  auditLog,
  type EventAction,
  type Ticket,
  type TicketStatus,
  ticketActivities,
  tickets,
} from "@/db/schema";
import { impactForCriticality, type Level, priorityFor, urgencyForSeverity } from "@/lib/desk/priority";
import { env } from "@/lib/env";
import { NormalizedEvent } from "@/lib/ingest/normalized";
import { syncEscalations } from "@/lib/oncall/escalation";
import { refreshSlaClocks } from "@/lib/sla/refresh";
import { pickAssignee } from "@/lib/tickets/assignment";
import { type EngineConfig, groupKeyFor, isRuleGroup, loadEngineConfig, routeAlert, suppressionFor } from "./config";
import { pgArray } from "./pg-array";

export const ENGINE_ACTOR = "system:engine";

import { isOpen as isOpenStatus } from "@/lib/tickets/status";

export type EngineOptions = { groupWindowMs: number; reopenWindowMs: number };

export function engineOptionsFromEnv(): EngineOptions {
  const config = env();
  return {
    groupWindowMs: config.ENGINE_GROUP_WINDOW_MINUTES * 60_000,
    reopenWindowMs: config.ENGINE_REOPEN_WINDOW_MINUTES * 60_000,
  };
}

export type ProcessResult = { processed: number; queries: number };

type EventRecord = {
  id: number;
  integrationId: string;
  fingerprint: string;
  action: EventAction;
  normalized: unknown;
  receivedAt: Date;
};

type Activity = typeof ticketActivities.$inferInsert;
type AuditRow = typeof auditLog.$inferInsert;
type IncidentState = Ticket & { isDirty: boolean };

// Signed 64-bit advisory lock key for a partition name.
function lockKey(partition: string): bigint {
  return createHash("sha1").update(partition).digest().readBigInt64BE(0);
}

function toDate(value: string | Date): Date {
  return value instanceof Date ? value : new Date(value);
}

/**
 * Applies the given events, each exactly once however many workers race. Events are ordered by partition (the sender's
 * group, else the alertname): the job locks its partitions (sorted, so jobs cannot deadlock) and then applies every
 * unprocessed event of those partitions up to its newest id, oldest first, so N workers reach what one worker does.
 */
export async function processEvents(
  db: Db,
  eventIds: number[],
  options: EngineOptions = engineOptionsFromEnv(),
): Promise<ProcessResult> {
  let queries = 1;
  const heads = (await db.execute(sql`
    select id, partition_key as "partitionKey"
      from events where id = any(${pgArray(eventIds)}::bigint[]) and processed_at is null
  `)) as unknown as { id: string | number; partitionKey: string }[];
  if (heads.length === 0) return { processed: 0, queries };

  const partitions = [...new Set(heads.map((h) => h.partitionKey))];
  const keys = partitions.map(lockKey).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const maxId = Math.max(...heads.map((h) => Number(h.id)));

  return db.transaction(async (tx) => {
    await tx.execute(
      sql`select pg_advisory_xact_lock(k) from unnest(${pgArray(keys)}::bigint[]) with ordinality as t(k, i)`,
    );
    const rows = (await tx.execute(sql`
      select id, integration_id as "integrationId", fingerprint, action, normalized, received_at as "receivedAt"
        from events
       where processed_at is null and id <= ${maxId}
         and partition_key = any(${pgArray(partitions)}::text[])
       order by id
    `)) as unknown as (Omit<EventRecord, "id" | "receivedAt"> & { id: string | number; receivedAt: string | Date })[];
    queries += 3;
    if (rows.length === 0) return { processed: 0, queries };
    const events: EventRecord[] = rows.map((r) => ({ ...r, id: Number(r.id), receivedAt: toDate(r.receivedAt) }));
    const run = new EngineRun(tx, options);
    await run.apply(events);
    return { processed: events.length, queries: queries + run.queries };
  });
}

class EngineRun {
  queries = 0;
  private config!: EngineConfig;
  private alertsByKey = new Map<string, Alert>();
  private incidents = new Map<string, IncidentState>();
  private activities: Activity[] = [];
  private slaTouched = new Set<string>();
  private audits: AuditRow[] = [];
  private outcomes: { id: number; alertId: string | null; error: string | null }[] = [];

  constructor(
    private readonly tx: Tx,
    private readonly options: EngineOptions,
  ) {}

  async apply(events: EventRecord[]) {
    const valid: (EventRecord & { n: NormalizedEvent })[] = [];
    for (const event of events) {
      const parsed = NormalizedEvent.safeParse(event.normalized);
      if (parsed.success) valid.push({ ...event, n: parsed.data });
      else
        this.outcomes.push({ id: event.id, alertId: null, error: `invalid normalized event: ${parsed.error.message}` });
    }
    if (valid.length > 0) {
      const times = valid.map((e) => e.receivedAt.getTime());
      this.config = await loadEngineConfig(
        this.tx,
        [...new Set(valid.map((e) => e.integrationId))],
        new Date(Math.min(...times)),
        new Date(Math.max(...times)),
      );
      this.queries++;
      await this.loadAlerts(valid);
      const groupKeys = valid.map((e) => this.groupOf(e, e.n).groupKey);
      await this.loadIncidents([...new Set(groupKeys)]);
      for (const event of valid) await this.applyEvent(event, event.n);
      await this.flushIncidents();
      await this.flushAlerts();
    }
    await this.flushRecords();
    if (this.slaTouched.size) {
      await refreshSlaClocks(this.tx, [...this.slaTouched]);
      await syncEscalations(this.tx, [...this.slaTouched]);
    }
  }

  private alertKey(integrationId: string, fingerprint: string) {
    return `${integrationId}\u0000${fingerprint}`;
  }

  private groupOf(event: EventRecord, n: NormalizedEvent) {
    const route = routeAlert(this.config, event.integrationId, n.labels, n.serviceHint);
    return { route, groupKey: groupKeyFor(event.integrationId, n.groupKey || null, route.serviceId, n.alertname) };
  }

  // Every alert of the batch exists (a placeholder with event_count 0 when new) and is locked before any decision.
  private async loadAlerts(events: EventRecord[]) {
    const first = new Map<string, EventRecord>();
    for (const e of events)
      if (!first.has(this.alertKey(e.integrationId, e.fingerprint)))
        first.set(this.alertKey(e.integrationId, e.fingerprint), e);
    const seeds = [...first.values()];
    for (let i = 0; i < seeds.length; i += 1000) {
      await this.tx
        .insert(alerts)
        .values(
          seeds.slice(i, i + 1000).map((e) => ({
            integrationId: e.integrationId,
            fingerprint: e.fingerprint,
            status: "resolved" as AlertStatus,
            groupKey: "",
            firstSeenAt: e.receivedAt,
            lastSeenAt: e.receivedAt,
            lastEventId: 0,
          })),
        )
        .onConflictDoNothing();
      this.queries++;
    }
    const ints = pgArray(seeds.map((e) => e.integrationId));
    const fps = pgArray(seeds.map((e) => e.fingerprint));
    const rows = await this.tx
      .select()
      .from(alerts)
      .where(
        sql`(${alerts.integrationId}, ${alerts.fingerprint}) in (select * from unnest(${ints}::uuid[], ${fps}::text[]))`,
      )
      .for("update");
    this.queries++;
    for (const row of rows) this.alertsByKey.set(this.alertKey(row.integrationId, row.fingerprint), row);
  }

  // The incidents alerts point at, plus per group the open incident or else the latest resolved one; all locked.
  private async loadIncidents(groupKeys: string[]) {
    const ids = [...new Set([...this.alertsByKey.values()].map((a) => a.incidentId).filter((id) => id !== null))];
    const keys = pgArray(groupKeys);
    const rows = await this.tx
      .select()
      .from(tickets)
      .where(
        sql`${tickets.id} = any(${pgArray(ids)}::uuid[]) or ${tickets.id} in (
          select (select t.id from tickets t
                   where t.group_key = k and t.status in ('new', 'acknowledged', 'in_progress', 'pending', 'resolved')
                   order by t.status = 'resolved', t.resolved_at desc nulls last limit 1)
            from unnest(${keys}::text[]) k)`,
      )
      .for("update");
    this.queries++;
    for (const row of rows) this.incidents.set(row.id, { ...row, isDirty: false });
  }

  private openIncidentFor(groupKey: string) {
    for (const incident of this.incidents.values()) {
      if (incident.groupKey === groupKey && isOpenStatus(incident.status)) return incident;
    }
    return undefined;
  }

  private latestResolvedFor(groupKey: string) {
    let latest: IncidentState | undefined;
    for (const incident of this.incidents.values()) {
      if (incident.groupKey !== groupKey || incident.status !== "resolved" || !incident.resolvedAt) continue;
      if (!latest || (latest.resolvedAt as Date) < incident.resolvedAt) latest = incident;
    }
    return latest;
  }

  private async applyEvent(event: EventRecord, n: NormalizedEvent) {
    const alert = this.alertsByKey.get(this.alertKey(event.integrationId, event.fingerprint)) as Alert;
    const at = event.receivedAt;
    const isNew = alert.eventCount === 0;
    this.outcomes.push({ id: event.id, alertId: alert.id, error: null });
    // A lower id committed late: counted, but never allowed to roll the alert's state back.
    if (!isNew && event.id < alert.lastEventId) {
      alert.eventCount++;
      return;
    }
    const { route, groupKey } = this.groupOf(event, n);
    alert.eventCount++;
    if (isNew) alert.firstSeenAt = at;
    alert.lastSeenAt = at;
    alert.lastEventId = event.id;
    if (isNew || event.action !== "acknowledge") {
      Object.assign(alert, {
        severity: n.severity,
        alertname: n.alertname,
        summary: n.summary,
        description: n.description,
        labels: n.labels,
        annotations: n.annotations,
        generatorUrl: n.generatorUrl,
        links: n.links,
        groupKey,
        serviceId: route.serviceId,
        teamId: route.teamId,
      });
    }
    const current = alert.incidentId ? this.incidents.get(alert.incidentId) : undefined;
    const wasFiring = !isNew && alert.status === "firing";

    if (event.action === "acknowledge") {
      if (current && current.status === "new") {
        this.changeStatus(current, "acknowledged", "acknowledged_by_sender", at);
        current.acknowledgedAt = at;
      }
      return;
    }

    if (event.action === "resolve") {
      alert.status = "resolved";
      alert.resolvedAt = at;
      alert.endsAt = n.endsAt ? new Date(n.endsAt) : at;
      if (isNew) alert.startsAt = n.startsAt ? new Date(n.startsAt) : null;
      if (wasFiring && current) {
        current.firingAlertCount--;
        current.isDirty = true;
        this.timeline(current, "alert_status", at, {
          alertId: alert.id,
          fingerprint: alert.fingerprint,
          from: "firing",
          to: "resolved",
        });
        if (isOpenStatus(current.status) && current.firingAlertCount <= 0) {
          this.changeStatus(current, "resolved", "all_alerts_resolved", at);
          current.resolvedAt = at;
        }
      }
      return;
    }

    alert.status = "firing";
    if (!wasFiring) {
      alert.startsAt = n.startsAt ? new Date(n.startsAt) : at;
      alert.endsAt = null;
      alert.resolvedAt = null;
    }
    const suppression = suppressionFor(this.config, n.labels, route.serviceId, at.getTime());
    alert.isSuppressed = suppression !== null;
    alert.suppressedBy = suppression;

    if (current && (isOpenStatus(current.status) || suppression)) {
      if (!wasFiring) {
        current.firingAlertCount++;
        current.isDirty = true;
        if (isOpenStatus(current.status)) {
          this.timeline(current, "alert_status", at, {
            alertId: alert.id,
            fingerprint: alert.fingerprint,
            from: "resolved",
            to: "firing",
          });
        }
      }
      return;
    }
    if (suppression) return;

    let target = this.openIncidentFor(groupKey);
    if (target && isRuleGroup(groupKey) && at.getTime() - target.createdAt.getTime() > this.options.groupWindowMs) {
      target.groupKey = null;
      target.isDirty = true;
      this.timeline(target, "field_change", at, {
        field: "groupKey",
        from: groupKey,
        to: null,
        reason: "group_window_elapsed",
      });
      target = undefined;
    }
    if (!target) {
      const candidate = this.latestResolvedFor(groupKey);
      if (candidate && at.getTime() - (candidate.resolvedAt as Date).getTime() <= this.options.reopenWindowMs) {
        this.changeStatus(candidate, "new", "alert_fired_again", at);
        candidate.flapCount++;
        candidate.reopenedAt = at;
        candidate.resolvedAt = null;
        candidate.acknowledgedAt = null;
        target = candidate;
      } else {
        target = await this.createIncident(groupKey, event, n, route, at);
      }
    }

    if (alert.incidentId === target.id) {
      if (!wasFiring) {
        target.firingAlertCount++;
        this.timeline(target, "alert_status", at, {
          alertId: alert.id,
          fingerprint: alert.fingerprint,
          from: "resolved",
          to: "firing",
        });
      }
    } else {
      if (current && wasFiring) {
        current.firingAlertCount--;
        current.isDirty = true;
      }
      alert.incidentId = target.id;
      target.alertCount++;
      target.firingAlertCount++;
      this.timeline(target, "alert_linked", at, {
        alertId: alert.id,
        fingerprint: alert.fingerprint,
        alertname: alert.alertname,
        summary: alert.summary,
      });
    }
    const urgency = urgencyForSeverity(n.severity);
    if (urgency < target.urgency) {
      target.urgency = urgency;
      target.priority = priorityFor(target.impact as Level, urgency);
      this.slaTouched.add(target.id);
    }
    target.isDirty = true;
  }

  private changeStatus(incident: IncidentState, to: TicketStatus, reason: string, at: Date) {
    const from = incident.status;
    this.slaTouched.add(incident.id);
    incident.status = to;
    incident.isDirty = true;
    this.timeline(incident, "status_change", at, { from, to, reason });
  }

  private timeline(incident: IncidentState, kind: Activity["kind"], at: Date, data: Record<string, unknown>) {
    this.activities.push({ ticketId: incident.id, kind, actorType: "system", data, createdAt: at });
    this.audits.push({
      actorType: "system",
      actorLabel: ENGINE_ACTOR,
      action: `incident.${kind}`,
      entityType: "ticket",
      entityId: incident.id,
      after: { number: incident.number, ...data },
    });
  }

  private async createIncident(
    groupKey: string,
    event: EventRecord,
    n: NormalizedEvent,
    route: { serviceId: string | null; teamId: string | null },
    at: Date,
  ): Promise<IncidentState> {
    await this.flushIncidents();
    const service = route.serviceId ? this.config.servicesById.get(route.serviceId) : undefined;
    const impact = impactForCriticality(service?.criticality);
    const urgency = urgencyForSeverity(n.severity);
    const pick = route.teamId ? await pickAssignee(this.tx, route.teamId) : null;
    if (route.teamId) this.queries += pick ? 3 : 1;
    const [created] = await this.tx
      .insert(tickets)
      .values({
        number: sql`(select 'INC-' || lpad(n::text, greatest(6, length(n::text)), '0') from nextval('incident_number_seq') as n)`,
        type: "incident",
        title: (n.summary || n.alertname || event.fingerprint).slice(0, 500),
        description: n.description,
        impact,
        urgency,
        priority: priorityFor(impact, urgency),
        serviceId: route.serviceId,
        teamId: route.teamId,
        assigneeId: pick?.userId ?? null,
        groupKey,
        integrationId: event.integrationId,
        firstEventAt: new Date(n.occurredAt),
        createdAt: at,
      })
      .onConflictDoNothing()
      .returning();
    this.queries++;
    if (created) {
      const incident = { ...created, isDirty: false };
      this.incidents.set(incident.id, incident);
      this.slaTouched.add(incident.id);
      this.timeline(incident, "created", at, { status: "new", groupKey, priority: incident.priority });
      if (pick) this.timeline(incident, "assignment", at, { from: null, to: pick.userId, strategy: pick.strategy });
      return incident;
    }
    // Someone opened one for this group meanwhile (a person reopening): join it rather than duplicate it.
    const [open] = await this.tx
      .select()
      .from(tickets)
      .where(
        sql`${tickets.groupKey} = ${groupKey} and ${tickets.status} in ('new', 'acknowledged', 'in_progress', 'pending')`,
      )
      .for("update");
    this.queries++;
    if (!open) throw new Error(`incident for group ${groupKey} could neither be created nor found`);
    const incident = { ...open, isDirty: false };
    this.incidents.set(incident.id, incident);
    return incident;
  }

  // Closing incidents are written before opening ones so the one-open-incident-per-group index never sees two.
  private async flushIncidents() {
    const dirty = [...this.incidents.values()].filter((i) => i.isDirty);
    dirty.sort((a, b) => Number(isOpenStatus(a.status)) - Number(isOpenStatus(b.status)));
    for (const incident of dirty) {
      await this.tx
        .update(tickets)
        .set({
          status: incident.status,
          groupKey: incident.groupKey,
          urgency: incident.urgency,
          priority: incident.priority,
          alertCount: incident.alertCount,
          firingAlertCount: incident.firingAlertCount,
          flapCount: incident.flapCount,
          acknowledgedAt: incident.acknowledgedAt,
          resolvedAt: incident.resolvedAt,
          reopenedAt: incident.reopenedAt,
          version: sql`${tickets.version} + 1`,
          updatedAt: new Date(),
        })
        .where(sql`${tickets.id} = ${incident.id}`);
      this.queries++;
      incident.isDirty = false;
    }
  }

  private async flushAlerts() {
    const rows = [...this.alertsByKey.values()].map((a) => ({ ...a, updatedAt: new Date() }));
    const columns = [
      "status",
      "severity",
      "alertname",
      "summary",
      "description",
      "labels",
      "annotations",
      "generator_url",
      "links",
      "group_key",
      "service_id",
      "team_id",
      "incident_id",
      "is_suppressed",
      "suppressed_by",
      "event_count",
      "first_seen_at",
      "last_seen_at",
      "starts_at",
      "ends_at",
      "resolved_at",
      "last_event_id",
      "updated_at",
    ];
    const set = Object.fromEntries(
      columns.map((c) => [c.replace(/_([a-z])/g, (_, l: string) => l.toUpperCase()), sql.raw(`excluded.${c}`)]),
    );
    for (let i = 0; i < rows.length; i += 1000) {
      await this.tx
        .insert(alerts)
        .values(rows.slice(i, i + 1000))
        .onConflictDoUpdate({ target: [alerts.integrationId, alerts.fingerprint], set });
      this.queries++;
    }
  }

  private async flushRecords() {
    if (this.activities.length) {
      await this.tx.insert(ticketActivities).values(this.activities);
      await this.tx.insert(auditLog).values(this.audits);
      this.queries += 2;
    }
    const ids = pgArray(this.outcomes.map((o) => o.id));
    const alertIds = pgArray(this.outcomes.map((o) => o.alertId));
    const errors = pgArray(this.outcomes.map((o) => o.error));
    await this.tx.execute(sql`
      update events set processed_at = now(), alert_id = v.alert_id, last_error = v.error, attempts = attempts + 1
        from unnest(${ids}::bigint[], ${alertIds}::uuid[], ${errors}::text[]) as v(id, alert_id, error)
       where events.id = v.id`);
    this.queries++;
  }
}
