import { and, asc, desc, eq, gte, ilike, lt, ne, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import { auditLog, tickets, users } from "@/db/schema";
import { assertCan } from "@/lib/auth/permissions";
import type { Ctx } from "@/lib/context";
import { isTimeZone } from "@/lib/env";
import { AppError, parseInput } from "@/lib/errors";
import { addDays, startOfDayIn } from "@/lib/time";

const optionalText = z
  .string()
  .trim()
  .max(200)
  .optional()
  .transform((v) => v || undefined);
const optionalDay = z
  .string()
  .optional()
  .transform((v) => v || undefined)
  .refine((v) => v === undefined || /^\d{4}-\d{2}-\d{2}$/.test(v), "Enter a date as YYYY-MM-DD");

const TICKET_NUMBER = /^(INC|REQ)-\d{1,12}$/i;

export const AuditFilter = z.object({
  actor: optionalText,
  actorId: z
    .string()
    .optional()
    .transform((v) => v || undefined)
    .pipe(z.uuid("Choose a user").optional()),
  action: optionalText,
  entityType: optionalText,
  entityId: optionalText,
  from: optionalDay,
  to: optionalDay,
  timezone: z.string().refine(isTimeZone).default("Asia/Seoul"),
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type AuditFilter = z.input<typeof AuditFilter>;

// A record is named by its id, or a ticket by its number (INC-000042), which is looked up to its id.
// Dates are calendar days in the viewer's time zone; `to` includes its whole day. Keyset pagination on the id keeps deep pages as cheap as the first.
export async function listAuditEntries(ctx: Ctx, input: AuditFilter) {
  assertCan(ctx.actor, "audit.read");
  const f = parseInput(AuditFilter, input);
  let entityId = f.entityId;
  if (entityId && TICKET_NUMBER.test(entityId)) {
    const [ticket] = await ctx.db
      .select({ id: tickets.id })
      .from(tickets)
      .where(eq(tickets.number, entityId.toUpperCase()))
      .limit(1);
    if (!ticket) {
      throw new AppError("invalid", `entityId: no ticket ${entityId.toUpperCase()}`, {
        fields: { entityId: ["No such ticket"] },
      });
    }
    entityId = ticket.id;
  }
  const conditions: (SQL | undefined)[] = [
    f.actor ? ilike(auditLog.actorLabel, `%${escapeLike(f.actor)}%`) : undefined,
    f.actorId ? eq(auditLog.actorId, f.actorId) : undefined,
    f.action ? ilike(auditLog.action, `${escapeLike(f.action)}%`) : undefined,
    f.entityType ? eq(auditLog.entityType, f.entityType) : undefined,
    entityId ? eq(auditLog.entityId, entityId) : undefined,
    f.from ? gte(auditLog.at, startOfDayIn(f.from, f.timezone)) : undefined,
    f.to ? lt(auditLog.at, addDays(startOfDayIn(f.to, f.timezone), 1)) : undefined,
    f.before ? lt(auditLog.id, f.before) : undefined,
  ];
  const rows = await ctx.db
    .select()
    .from(auditLog)
    .where(and(...conditions))
    .orderBy(desc(auditLog.id))
    .limit(f.limit + 1);
  const page = rows.slice(0, f.limit);
  return { entries: page, nextBefore: rows.length > f.limit ? page[page.length - 1].id : null };
}

// Distinct values by skipping through the column's index (a loose index scan), so a long log stays cheap to summarize.
async function distinctValues(ctx: Ctx, column: "action" | "entity_type") {
  const rows = (await ctx.db.execute(sql`
    with recursive v(value) as (
      (select ${sql.raw(column)} from audit_log order by 1 limit 1)
      union all
      select (select ${sql.raw(column)} from audit_log where ${sql.raw(column)} > v.value order by 1 limit 1)
        from v where v.value is not null
    )
    select value from v where value is not null limit 500
  `)) as unknown as { value: string }[];
  return rows.map((r) => r.value);
}

// What the filters offer: the actions and record types that occur, and the staff who may have acted.
export async function listAuditFilterChoices(ctx: Ctx) {
  assertCan(ctx.actor, "audit.read");
  const [actions, entityTypes, actors] = await Promise.all([
    distinctValues(ctx, "action"),
    distinctValues(ctx, "entity_type"),
    ctx.db
      .select({ id: users.id, name: users.name, email: users.email })
      .from(users)
      .where(ne(users.role, "requester"))
      .orderBy(asc(users.name))
      .limit(1000),
  ]);
  return { actions, entityTypes, actors };
}

function escapeLike(value: string) {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}
