// Generated SLA data for `npm run bench -- sla`: the Seoul business-hours and 24×7 calendars, the policies, ticket
// lifecycles whose status histories agree with the tickets' timestamps (acknowledged, pending pauses, resolved,
// reopened, closed), and every ticket's clocks derived from that history by the product's own code.
import { randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type postgres from "postgres";
import type { Priority, SlaTargets, TicketStatus, WorkingHours } from "../../db/schema";
import { type BusinessCalendar, compileCalendar } from "../../lib/sla/business-time";
import type { DerivedClock, StatusChange, TicketFacts } from "../../lib/sla/clocks";
import { KOREAN_PUBLIC_HOLIDAYS } from "../../lib/sla/holidays-kr";
import type { SlaConfig } from "../../lib/sla/refresh";
import { type Generated, generate, withoutIndexes } from "./desk-data";
import type { Connect } from "./harness";
import { say } from "./harness";
import { mulberry32 } from "./load";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export const SEOUL_HOURS: WorkingHours[] = [1, 2, 3, 4, 5].map((day) => ({ day, start: "09:00", end: "18:00" }));
const ALWAYS: WorkingHours[] = [1, 2, 3, 4, 5, 6, 7].map((day) => ({ day, start: "00:00", end: "24:00" }));
export const SEOUL_CALENDAR = "서울 업무시간 Seoul business hours";

// Minutes, as the product's defaults (lib/sla/defaults.ts on main) set them: P5's days are 9-hour working days.
const WORKING_DAY = 9 * 60;
const TARGETS: SlaTargets = {
  P1: { response: 15, resolution: 4 * 60 },
  P2: { response: 60, resolution: 8 * 60 },
  P3: { response: 4 * 60, resolution: 24 * 60 },
  P4: { response: 8 * 60, resolution: 72 * 60 },
  P5: { response: 3 * WORKING_DAY, resolution: 10 * WORKING_DAY },
};

export type SlaGenerated = Generated & {
  clocks: {
    total: number;
    seconds: { derive: number; indexes: number; vacuum: number; total: number };
    byMetric: { metric: string; total: number; breached: number; running: number; paused: number }[];
    size: string;
  };
  calendars: { seoul: string; always: string };
};

async function setupSla(sql: postgres.Sql) {
  const [seoul] = await sql<{ id: string }[]>`
    insert into business_calendars (name, time_zone, hours)
    values (${SEOUL_CALENDAR}, 'Asia/Seoul', ${sql.json(SEOUL_HOURS)}) returning id`;
  const [always] = await sql<{ id: string }[]>`
    insert into business_calendars (name, time_zone, hours) values ('24×7', 'Asia/Seoul', ${sql.json(ALWAYS)}) returning id`;
  await sql`
    insert into calendar_holidays (calendar_id, date, name)
    select ${seoul.id}, d::date, n
      from unnest(${KOREAN_PUBLIC_HOLIDAYS.map((h) => h.date)}::text[], ${KOREAN_PUBLIC_HOLIDAYS.map((h) => h.name)}::text[]) as x(d, n)`;
  const { P1, ...business } = TARGETS;
  await sql`
    insert into sla_policies (name, position, priorities, calendar_id, targets)
    values ('P1 24×7', 0, '{P1}', ${always.id}, ${sql.json({ P1 })}),
           ('업무시간 Business hours P2–P5', 1, '{}', ${seoul.id}, ${sql.json(business)})`;
  return { seoul: seoul.id, always: always.id };
}

const iso = (ms: number | null) => (ms === null ? "\\N" : new Date(ms).toISOString());

type Life = { row: string; changes: string[] };

// One ticket's life: response and resolution drawn as business time relative to the targets (about 1 in 10
// responses and 1 in 6 resolutions late), a pending pause in a quarter of them, 4 % reopened, 85 % closed three days
// after resolution, 1.5 % cancelled, 2 % stuck open; then cut at now, which leaves the recent ones open.
function lifecycle(
  g: number,
  n: number,
  now: number,
  random: () => number,
  calendars: { seoul: BusinessCalendar; always: BusinessCalendar },
): Life {
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const logNormal = (median: number, sigma: number) => median * Math.exp(sigma * normal());
  const created = Math.floor(now - 730 * DAY * (1 - (g + random()) / n));
  const isIncident = g % 5 < 3;
  const r = random();
  const pri = r < 0.03 ? 1 : r < 0.15 ? 2 : r < 0.55 ? 3 : r < 0.9 ? 4 : 5;
  const priority = `P${pri}` as Priority;
  const target = TARGETS[priority] ?? { response: 60, resolution: 600 };
  const cal = pri === 1 ? calendars.always : calendars.seoul;
  const firstEvent = isIncident && random() < 0.45 ? created - Math.floor(10_000 + random() * 4 * MINUTE) : null;
  const start = firstEvent ?? created;
  const changes: [number, TicketStatus][] = [];
  const stuck = random() < 0.02 ? Math.floor(random() * 3) : -1;

  const ack = Math.max(
    created + 30_000,
    cal.addBusinessMs(start, (target.response ?? 60) * MINUTE * logNormal(0.3, 0.9)),
  );
  let reopened: number | null = null;
  if (stuck !== 0) {
    changes.push([ack, "acknowledged"]);
    const working = ack + Math.floor(random() * 15 * MINUTE);
    changes.push([working, "in_progress"]);
    if (stuck === -1 && random() < 0.015) {
      changes.push([working + Math.floor(10 * MINUTE + random() * 2 * HOUR), "cancelled"]);
    } else if (stuck === -1) {
      const spent = cal.businessMs(start, working);
      const remaining = Math.max(5 * MINUTE, (target.resolution ?? 600) * MINUTE * logNormal(0.35, 1.0) - spent);
      let resolved: number;
      if (random() < 0.25) {
        const part = 0.2 + random() * 0.6;
        const pending = cal.addBusinessMs(working, remaining * part);
        const back = pending + Math.floor(10 * MINUTE - Math.log(1 - random()) * 20 * HOUR);
        changes.push([pending, "pending"], [back, "in_progress"]);
        resolved = cal.addBusinessMs(back, remaining * (1 - part));
      } else resolved = cal.addBusinessMs(working, remaining);
      changes.push([resolved, "resolved"]);
      if (random() < 0.04) {
        reopened = resolved + Math.floor(30 * MINUTE - Math.log(1 - random()) * 18 * HOUR);
        resolved = cal.addBusinessMs(reopened, (target.resolution ?? 600) * MINUTE * (0.05 + random() * 0.35));
        changes.push([reopened, "in_progress"], [resolved, "resolved"]);
      }
      if (random() < 0.85) changes.push([resolved + 3 * DAY, "closed"]);
    } else if (stuck === 2) {
      changes.push([working + Math.floor(random() * 4 * HOUR), "pending"]);
    }
  }

  const happened = changes.filter(([at]) => at <= now);
  const status: TicketStatus = happened.length ? happened[happened.length - 1][1] : "new";
  const acknowledged = happened.length ? happened[0][0] : null;
  const lastResolved = happened.findLast(([, to]) => to === "resolved")?.[0] ?? null;
  const closed = status === "closed" ? happened[happened.length - 1][0] : null;
  const id = randomUUID();
  const row = [
    g,
    id,
    iso(created),
    status,
    pri,
    iso(firstEvent),
    iso(acknowledged),
    iso(status === "resolved" || status === "closed" ? lastResolved : null),
    iso(closed),
    iso(reopened !== null && reopened <= now ? reopened : null),
    iso(happened.length ? happened[happened.length - 1][0] : created),
  ].join("\t");
  let from: TicketStatus = "new";
  const lines = happened.map(([at, to]) => {
    const line = `${id}\t${iso(at)}\t${from}\t${to}`;
    from = to;
    return line;
  });
  return { row, changes: lines };
}

async function copyLines(sql: postgres.Sql, statement: string, lines: string[]) {
  if (!lines.length) return;
  const writable = await sql.unsafe(statement).writable();
  await pipeline(Readable.from([`${lines.join("\n")}\n`]), writable);
}

function lifecycles(calendarSpecs: { seoul: string; always: string }) {
  return async (sql: postgres.Sql, n: number) => {
    const holidays = KOREAN_PUBLIC_HOLIDAYS.map((h) => h.date);
    const calendars = {
      seoul: compileCalendar(`bench:${calendarSpecs.seoul}`, { timeZone: "Asia/Seoul", hours: SEOUL_HOURS, holidays }),
      always: compileCalendar(`bench:${calendarSpecs.always}`, { timeZone: "Asia/Seoul", hours: ALWAYS, holidays: [] }),
    };
    await sql`
      create temp table bench_life (lg int, l_id uuid, l_created timestamptz, l_status ticket_status, l_pri int,
        l_first timestamptz, l_ack timestamptz, l_resolved timestamptz, l_closed timestamptz, l_reopened timestamptz,
        l_updated timestamptz)`;
    await sql`create temp table bench_changes (ticket_id uuid, at timestamptz, "from" text, "to" text)`;
    // Seeded, so two runs make the same lifecycles.
    const random = mulberry32(4242);
    const now = Date.now();
    const block = 20_000;
    for (let g0 = 0; g0 < n; g0 += block) {
      const rows: string[] = [];
      const changes: string[] = [];
      for (let g = g0; g < Math.min(n, g0 + block); g++) {
        const life = lifecycle(g, n, now, random, calendars);
        rows.push(life.row);
        for (const c of life.changes) changes.push(c);
      }
      await copyLines(sql, "copy bench_life from stdin", rows);
      await copyLines(sql, "copy bench_changes from stdin", changes);
    }
    await sql`analyze bench_life`;
  };
}

export async function generateSla(url: string, connect: Connect, n: number): Promise<SlaGenerated> {
  const setup = connect(url, { max: 1 });
  const calendars = await setupSla(setup);
  await setup.end({ timeout: 5 });
  const generated = await generate(url, connect, n, lifecycles(calendars));
  const clocks = await deriveAllClocks(url, connect);
  return { ...generated, clocks, calendars };
}

type Inputs = {
  facts: TicketFacts[];
  changesBy: Map<string, StatusChange[]>;
  replyBy: Map<string, number>;
};

// The same facts, status history and first staff reply that lib/sla/refresh.ts reads, for a list of tickets.
export async function clockInputs(sql: postgres.Sql, ids: string[]): Promise<Inputs> {
  const [facts, history, replies] = await Promise.all([
    sql<TicketFacts[]>`
      select id, type, priority, service_id as "serviceId", team_id as "teamId", status, created_at as "createdAt",
             first_event_at as "firstEventAt"
        from tickets where id = any(${ids}::uuid[]) order by id`,
    sql<{ ticketId: string; at: number; to: TicketStatus }[]>`
      select ticket_id as "ticketId", (extract(epoch from created_at) * 1000)::float8 as at, data->>'to' as "to"
        from ticket_activities
       where ticket_id = any(${ids}::uuid[]) and kind = 'status_change'
       order by ticket_id, created_at, id`,
    sql<{ ticketId: string; at: number }[]>`
      select a.ticket_id as "ticketId", (extract(epoch from min(a.created_at)) * 1000)::float8 as at
        from ticket_activities a join users u on u.id = a.actor_id
       where a.ticket_id = any(${ids}::uuid[]) and a.kind = 'comment' and a.visibility = 'public'
         and u.role <> 'requester'
       group by a.ticket_id`,
  ]);
  const changesBy = new Map<string, StatusChange[]>();
  for (const h of history) {
    const list = changesBy.get(h.ticketId) ?? [];
    list.push({ at: Number(h.at), to: h.to });
    changesBy.set(h.ticketId, list);
  }
  return { facts: [...facts], changesBy, replyBy: new Map(replies.map((r) => [r.ticketId, Number(r.at)])) };
}

const CLOCK_COLUMNS =
  "ticket_id, metric, policy_id, calendar_id, priority, target_seconds, warn_percent, state, started_at, intervals, " +
  "elapsed_seconds, paused_seconds, due_at, warn_at, stopped_at, is_breached, warning_marked_at, breach_marked_at, computed_at";

// The marks the workers would have written by now: a breach at the due instant, a warning at the warning instant.
function clockLine(ticketId: string, c: DerivedClock, now: number) {
  const due = c.dueAt?.getTime() ?? null;
  const end = c.stoppedAt?.getTime() ?? now;
  const breachMarked = c.isBreached && due !== null && due <= end ? due : null;
  const warn = c.warnAt?.getTime() ?? null;
  const warningMarked = warn !== null && warn <= now ? warn : breachMarked;
  return [
    ticketId,
    c.metric,
    c.policyId ?? "\\N",
    c.calendarId ?? "\\N",
    c.priority,
    c.targetSeconds,
    c.warnPercent,
    c.state,
    c.startedAt.toISOString(),
    JSON.stringify(c.intervals),
    c.elapsedSeconds,
    c.pausedSeconds,
    iso(due),
    iso(warn),
    iso(c.stoppedAt?.getTime() ?? null),
    c.isBreached ? "t" : "f",
    iso(warningMarked),
    iso(breachMarked),
    iso(now),
  ].join("\t");
}

// Every ticket's clocks from deriveTicketClocks, read in batches (the next batch is read while the
// current one is derived and written with COPY), into sla_clocks without its secondary indexes.
async function deriveAllClocks(url: string, connect: Connect): Promise<SlaGenerated["clocks"]> {
  const begun = performance.now();
  const { createDb } = await import("../../db/client");
  const { loadSlaConfig, deriveTicketClocks } = await import("../../lib/sla/refresh");
  const { sql: configSql, db } = createDb(url, { max: 1 });
  const config: SlaConfig = await loadSlaConfig(db);
  await configSql.end({ timeout: 5 });
  const reader = connect(url, { max: 3 });
  const session = { maintenance_work_mem: "1GB", work_mem: "256MB", synchronous_commit: "off" };
  const writer = connect(url, { max: 1, connection: session });
  const now = Date.now();
  let total = 0;
  let deriveMs = 0;
  const batch = 5_000;
  // In creation order, as the product writes them: the table's rows then lie in the pkey's random (uuid) order.
  const order = (await reader<{ id: string }[]>`select id from tickets order by created_at, id`).map((r) => r.id);
  const fetchBatch = async (from: number) => {
    const ids = order.slice(from, from + batch);
    return { from, inputs: ids.length ? await clockInputs(reader, ids) : null };
  };
  let deriveStart = 0;
  const indexSeconds = await withoutIndexes(
    writer,
    ["sla_clocks"],
    async () => {
      deriveStart = performance.now();
      let next = fetchBatch(0);
      for (;;) {
        const { from, inputs } = await next;
        if (!inputs) break;
        next = fetchBatch(from + batch);
        const t = performance.now();
        const lines: string[] = [];
        for (const facts of inputs.facts) {
          const derived = deriveTicketClocks(
            facts,
            inputs.changesBy.get(facts.id) ?? [],
            inputs.replyBy.get(facts.id) ?? null,
            [],
            config,
            now,
          );
          for (const c of derived) lines.push(clockLine(facts.id, c, now));
        }
        deriveMs += performance.now() - t;
        await copyLines(writer, `copy sla_clocks (${CLOCK_COLUMNS}) from stdin`, lines);
        total += lines.length;
        if (total % 200_000 < lines.length) say(`  sla_clocks: ${total.toLocaleString("en-US")} rows`);
      }
    },
    () => connect(url, { max: 1, connection: session }),
  );
  const loadSeconds = (performance.now() - deriveStart) / 1000 - indexSeconds;
  say(
    `sla_clocks: ${total.toLocaleString("en-US")} clocks in ${loadSeconds.toFixed(1)} s (derivation in Node ${(deriveMs / 1000).toFixed(1)} s)`,
  );
  const t = performance.now();
  await writer`vacuum (analyze) sla_clocks`;
  const vacuumSeconds = (performance.now() - t) / 1000;
  const byMetric = await writer<SlaGenerated["clocks"]["byMetric"]>`
    select metric::text, count(*)::int as total, count(*) filter (where is_breached)::int as breached,
           count(*) filter (where state = 'running')::int as running, count(*) filter (where state = 'paused')::int as paused
      from sla_clocks group by metric order by metric`;
  const [{ size }] = await writer<{ size: string }[]>`
    select pg_size_pretty(pg_table_size('sla_clocks')) || ' table + ' || pg_size_pretty(pg_indexes_size('sla_clocks')) || ' indexes' as size`;
  await Promise.all([reader.end({ timeout: 5 }), writer.end({ timeout: 5 })]);
  return {
    total,
    seconds: {
      derive: loadSeconds,
      indexes: indexSeconds,
      vacuum: vacuumSeconds,
      total: (performance.now() - begun) / 1000,
    },
    byMetric: [...byMetric],
    size,
  };
}
