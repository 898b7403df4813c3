import { and, asc, eq, inArray, type SQL, type Subquery, sql } from "drizzle-orm";
import { type AnyPgColumn, alias } from "drizzle-orm/pg-core";
import { z } from "zod";
import { PRIORITIES, services, TICKET_STATUSES, TICKET_TYPES, teamMembers, teams, tickets, users } from "@/db/schema";
import { actorUserId, assertCan } from "@/lib/auth/permissions";
import type { Ctx } from "@/lib/context";
import { AppError, parseInput } from "@/lib/errors";
import { DUE_VIEWS, type DueView, dueClockColumns, dueClocks, isDueView, isOutranked } from "@/lib/sla/due-views";
import { OPEN_STATUSES } from "./status";

export const QUEUE_VIEWS = ["mine", "unassigned", "teams", "open", ...DUE_VIEWS, "resolved", "all"] as const;
export type QueueView = (typeof QUEUE_VIEWS)[number];
export const QUEUE_SORTS = ["newest", "oldest", "updated", "priority", "resolved"] as const;
export type QueueSort = (typeof QUEUE_SORTS)[number];
// The SLA views always list by due time, soonest (or most overdue) first.
type QueueOrder = QueueSort | "due";

const list = <T extends readonly [string, ...string[]]>(values: T, field: string) =>
  z
    .string()
    .optional()
    .transform((v) =>
      v
        ? [
            ...new Set(
              v
                .split(",")
                .map((s) => s.trim())
                .filter(Boolean),
            ),
          ]
        : [],
    )
    .pipe(z.array(z.enum(values, { error: `${field}: use ${values.join(", ")}` })));

const day = (field: string) =>
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, `${field}: use YYYY-MM-DD`)
    .refine((v) => !Number.isNaN(Date.parse(v)), `${field}: not a date`)
    .optional()
    .or(z.literal("").transform(() => undefined));

const optionalId = (field: string) =>
  z.union([z.uuid(`${field}: expected an id`), z.literal("").transform(() => undefined)]).optional();

export const ListQueue = z
  .object({
    view: z.enum(QUEUE_VIEWS, { error: `view: use ${QUEUE_VIEWS.join(", ")}` }).default("open"),
    type: z.union([z.enum(TICKET_TYPES, { error: "type: use incident or service_request" }), z.literal("")]).optional(),
    status: list(TICKET_STATUSES, "status"),
    priority: list(PRIORITIES, "priority"),
    teamId: optionalId("teamId"),
    serviceId: optionalId("serviceId"),
    assigneeId: z.union([z.uuid("assigneeId: expected an id"), z.literal("none"), z.literal("")]).optional(),
    createdFrom: day("createdFrom"),
    createdTo: day("createdTo"),
    q: z.string().trim().max(200, "q: at most 200 characters").optional(),
    sort: z.union([z.enum(QUEUE_SORTS, { error: `sort: use ${QUEUE_SORTS.join(", ")}` }), z.literal("")]).optional(),
    cursor: z.string().max(500).optional(),
    limit: z.coerce.number().int().min(1, "limit: 1 to 200").max(200, "limit: 1 to 200").default(50),
  })
  .refine((v) => !v.createdFrom || !v.createdTo || v.createdFrom <= v.createdTo, {
    message: "createdFrom: must not be after createdTo",
    path: ["createdFrom"],
  });
export type ListQueue = z.input<typeof ListQueue>;

const assignees = alias(users, "assignee");

export function queueSelection() {
  return {
    id: tickets.id,
    number: tickets.number,
    type: tickets.type,
    title: tickets.title,
    status: tickets.status,
    priority: tickets.priority,
    isMajor: tickets.isMajor,
    serviceId: tickets.serviceId,
    serviceName: services.name,
    teamId: tickets.teamId,
    teamName: teams.name,
    assigneeId: tickets.assigneeId,
    assigneeName: assignees.name,
    alertCount: tickets.alertCount,
    version: tickets.version,
    createdAt: tickets.createdAt,
    updatedAt: tickets.updatedAt,
    resolvedAt: tickets.resolvedAt,
    cursorCreatedAt: exact(tickets.createdAt),
    cursorUpdatedAt: exact(tickets.updatedAt),
    cursorResolvedAt: exact(tickets.resolvedAt),
  };
}

// Microsecond timestamps as text: a JS Date would round the cursor to milliseconds and repeat or skip rows.
function exact(column: AnyPgColumn) {
  return sql<string | null>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}
function queueRows(ctx: Ctx, source: typeof tickets | Subquery, where: SQL | undefined, order: SQL[], limit: number) {
  return ctx.db
    .select(queueSelection())
    .from(source as typeof tickets)
    .leftJoin(services, eq(services.id, tickets.serviceId))
    .leftJoin(teams, eq(teams.id, tickets.teamId))
    .leftJoin(assignees, eq(assignees.id, tickets.assigneeId))
    .where(where)
    .orderBy(...order)
    .limit(limit);
}
export type QueueRow = Awaited<ReturnType<typeof queueRows>>[number];

// Each sort is a key tuple with one direction per column; the cursor holds the last row's tuple.
const SORT_KEYS: Record<QueueOrder, { column: SQL; dir: "asc" | "desc"; kind: "timestamptz" | "uuid" | "priority" }[]> =
  {
    newest: [
      { column: sql`${tickets.createdAt}`, dir: "desc", kind: "timestamptz" },
      { column: sql`${tickets.id}`, dir: "desc", kind: "uuid" },
    ],
    oldest: [
      { column: sql`${tickets.createdAt}`, dir: "asc", kind: "timestamptz" },
      { column: sql`${tickets.id}`, dir: "asc", kind: "uuid" },
    ],
    updated: [
      { column: sql`${tickets.updatedAt}`, dir: "desc", kind: "timestamptz" },
      { column: sql`${tickets.id}`, dir: "desc", kind: "uuid" },
    ],
    priority: [
      { column: sql`${tickets.priority}`, dir: "asc", kind: "priority" },
      { column: sql`${tickets.createdAt}`, dir: "desc", kind: "timestamptz" },
      { column: sql`${tickets.id}`, dir: "desc", kind: "uuid" },
    ],
    resolved: [
      { column: sql`${tickets.resolvedAt}`, dir: "desc", kind: "timestamptz" },
      { column: sql`${tickets.id}`, dir: "desc", kind: "uuid" },
    ],
    due: [
      { column: dueClockColumns.dueAt, dir: "asc", kind: "timestamptz" },
      { column: dueClockColumns.ticketId, dir: "asc", kind: "uuid" },
    ],
  };

type CursorValue = string | null;

function encodeCursor(sort: QueueOrder, row: QueueRow & { cursorDueAt?: string | null }): string {
  const values: CursorValue[] = {
    newest: [row.cursorCreatedAt, row.id],
    oldest: [row.cursorCreatedAt, row.id],
    updated: [row.cursorUpdatedAt, row.id],
    priority: [row.priority, row.cursorCreatedAt, row.id],
    resolved: [row.cursorResolvedAt, row.id],
    due: [row.cursorDueAt ?? null, row.id],
  }[sort];
  return Buffer.from(JSON.stringify({ s: sort, v: values })).toString("base64url");
}

function decodeCursor(sort: QueueOrder, cursor: string): CursorValue[] {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (parsed.s === sort && Array.isArray(parsed.v) && parsed.v.length === SORT_KEYS[sort].length) return parsed.v;
  } catch {}
  throw new AppError("invalid", "cursor: not a cursor of this sort order", { fields: { cursor: ["Not a cursor"] } });
}

// (a, b, c) after (x, y, z) in the sort's directions, expanded so mixed directions work: a > x or (a = x and (b, c) …).
function afterCursor(sort: QueueOrder, values: CursorValue[]): SQL {
  const keys = SORT_KEYS[sort];
  const value = (i: number) => sql`${values[i]}::${sql.raw(keys[i].kind)}`;
  const build = (i: number): SQL => {
    const { column, dir } = keys[i];
    const beyond = dir === "desc" ? sql`${column} < ${value(i)}` : sql`${column} > ${value(i)}`;
    if (i === keys.length - 1) return beyond;
    return sql`(${beyond} or (${column} = ${value(i)} and ${build(i + 1)}))`;
  };
  // The redundant bound on the first key is what lets an index scan start at the cursor instead of filtering up to it.
  const first = keys[0];
  const bound = first.dir === "desc" ? sql`${first.column} <= ${value(0)}` : sql`${first.column} >= ${value(0)}`;
  return sql`(${bound} and ${build(0)})`;
}

export function escapeLike(word: string) {
  return word.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export function searchWords(q: string) {
  return q
    .split(/[\s\p{P}]+/u)
    .map((w) => w.trim())
    .filter(Boolean)
    .slice(0, 8);
}

export const ticketText = sql`(${tickets.number} || ' ' || ${tickets.title} || ' ' || ${tickets.description})`;

export function ticketTextMatches(q: string): SQL | undefined {
  const words = searchWords(q);
  if (!words.length) return undefined;
  const patterns = words.map((w) => `%${escapeLike(w)}%`);
  return sql`${ticketText} ilike all (${sql.param(patterns)}::text[]) and wd_search_vector(${ticketText}) @@ wd_search_query(${q})`;
}

const WALK_FIRST = 2000;
const WALK_MAX = 20_000;
const WALK_MIN_DENSITY = 0.005;

// Word matches look far rarer to the planner than they are, so it reads every match of a common word and sorts them.
// Walking the first rows of an index-ordered source finds common words sooner: the walk widens by the density of
// matches seen, and gives up (null: ask the GIN index) when they are too sparse for walking to win.
export async function walkForMatches<T>(wanted: number, run: (rows: number) => Promise<T[]>): Promise<T[] | null> {
  let seen = 0;
  for (let size = WALK_FIRST; size <= WALK_MAX; ) {
    const found = await run(size);
    if (found.length >= wanted) return found;
    if (found.length <= seen || found.length < size * WALK_MIN_DENSITY) return null;
    seen = found.length;
    size = Math.ceil(((size * wanted) / found.length) * 1.25);
  }
  return null;
}

function viewCondition(ctx: Ctx, view: QueueView): SQL | undefined {
  const me = actorUserId(ctx.actor);
  const open = inArray(tickets.status, [...OPEN_STATUSES]);
  switch (view) {
    case "mine":
      return me ? and(eq(tickets.assigneeId, me), open) : sql`false`;
    case "unassigned":
      return and(sql`${tickets.assigneeId} is null`, open);
    case "teams":
      return me
        ? and(
            inArray(
              tickets.teamId,
              ctx.db.select({ id: teamMembers.teamId }).from(teamMembers).where(eq(teamMembers.userId, me)),
            ),
            open,
          )
        : sql`false`;
    case "open":
    case "breaching":
    case "breached":
      return open;
    case "resolved":
      return inArray(tickets.status, ["resolved", "closed"]);
    default:
      return undefined;
  }
}

export async function listQueue(ctx: Ctx, input: ListQueue, now = new Date()) {
  assertCan(ctx.actor, "tickets.read");
  const f = parseInput(ListQueue, input);
  if (isDueView(f.view)) assertCan(ctx.actor, "sla.read");
  const sort: QueueOrder = isDueView(f.view) ? "due" : f.sort || (f.view === "resolved" ? "resolved" : "newest");
  // Open views hold no resolved tickets; answering at once spares a walk of the resolved_at index.
  if (sort === "resolved" && ["mine", "unassigned", "teams", "open"].includes(f.view)) {
    return { rows: [], sort, nextCursor: null };
  }
  const conditions: (SQL | undefined)[] = [
    viewCondition(ctx, f.view),
    f.type ? eq(tickets.type, f.type) : undefined,
    f.status.length ? inArray(tickets.status, f.status) : undefined,
    f.priority.length ? inArray(tickets.priority, f.priority) : undefined,
    f.teamId ? eq(tickets.teamId, f.teamId) : undefined,
    f.serviceId ? eq(tickets.serviceId, f.serviceId) : undefined,
    f.assigneeId === "none"
      ? sql`${tickets.assigneeId} is null`
      : f.assigneeId
        ? eq(tickets.assigneeId, f.assigneeId)
        : undefined,
    f.createdFrom ? sql`${tickets.createdAt} >= ${f.createdFrom}::date` : undefined,
    f.createdTo ? sql`${tickets.createdAt} < ${f.createdTo}::date + 1` : undefined,
    sort === "resolved"
      ? sql`${tickets.status} in ('resolved', 'closed') and ${tickets.resolvedAt} is not null`
      : undefined,
    f.cursor ? afterCursor(sort, decodeCursor(sort, f.cursor)) : undefined,
  ];
  // Null order spelled as the indexes are built (drizzle's .desc() is DESC NULLS LAST) so they can serve the sort.
  const order = SORT_KEYS[sort].map((k) =>
    k.dir === "desc" ? sql`${k.column} desc nulls last` : sql`${k.column} asc nulls first`,
  );
  const text = f.q ? ticketTextMatches(f.q) : undefined;
  if (isDueView(f.view)) return dueQueue(ctx, f.view, and(...conditions, text), f.limit, now);
  const fetch = (source: typeof tickets | Subquery, where: SQL | undefined) =>
    queueRows(ctx, source, where, order, f.limit + 1);
  const isIndexed = sort === "newest" || sort === "oldest" || (sort === "resolved" && f.view === "resolved");
  const walked =
    text && isIndexed
      ? await walkForMatches(f.limit + 1, (size) =>
          fetch(
            ctx.db
              .select()
              .from(tickets)
              .where(and(...conditions))
              .orderBy(...order)
              .limit(size)
              .as("tickets"),
            text,
          ),
        )
      : null;
  const rows = walked ?? (await fetch(tickets, and(...conditions, text)));
  const page = rows.slice(0, f.limit);
  return {
    rows: page,
    sort,
    nextCursor: rows.length > f.limit ? encodeCursor(sort, page[page.length - 1]) : null,
  };
}

// Walks the clocks in due order (lib/sla/due-views.ts) and joins each page's tickets, like the other views' keysets.
async function dueQueue(ctx: Ctx, view: DueView, where: SQL | undefined, limit: number, now: Date) {
  const { source, at } = dueClocks(ctx.db, view, now);
  const rows = await ctx.db
    .select({ ...queueSelection(), dueAt: source.dueAt, cursorDueAt: exact(source.dueAt) })
    .from(source)
    .innerJoin(tickets, eq(tickets.id, source.ticketId))
    .leftJoin(services, eq(services.id, tickets.serviceId))
    .leftJoin(teams, eq(teams.id, tickets.teamId))
    .leftJoin(assignees, eq(assignees.id, tickets.assigneeId))
    .where(and(where, sql`not ${isOutranked(view, at)}`))
    .orderBy(asc(source.dueAt), asc(source.ticketId))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  return {
    rows: page,
    sort: "due" as const,
    nextCursor: rows.length > limit ? encodeCursor("due", page[limit - 1]) : null,
  };
}

// The badge counts on the view tabs: each is one index-only count over a partial index.
export async function queueCounts(ctx: Ctx) {
  assertCan(ctx.actor, "tickets.read");
  const me = actorUserId(ctx.actor);
  const open = sql`${tickets.status} in ('new', 'acknowledged', 'in_progress', 'pending')`;
  const [row] = await ctx.db
    .select({
      mine: me
        ? sql<number>`(select count(*)::int from ${tickets} where ${tickets.assigneeId} = ${me} and ${open})`
        : sql<number>`0`,
      unassigned: sql<number>`(select count(*)::int from ${tickets} where ${tickets.assigneeId} is null and ${open})`,
    })
    .from(sql`(select 1) as one`);
  return row;
}
