import { and, desc, eq, gte, ilike, lt, type SQL } from "drizzle-orm";
import { z } from "zod";
import { auditLog } from "@/db/schema";
import { assertCan } from "@/lib/auth/permissions";
import type { Ctx } from "@/lib/context";
import { isTimeZone } from "@/lib/env";
import { parseInput } from "@/lib/errors";
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

export const AuditFilter = z.object({
  actor: optionalText,
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

// Dates are calendar days in the viewer's time zone; `to` includes its whole day. Keyset pagination on the id keeps deep pages as cheap as the first.
export async function listAuditEntries(ctx: Ctx, input: AuditFilter) {
  assertCan(ctx.actor, "audit.read");
  const f = parseInput(AuditFilter, input);
  const conditions: (SQL | undefined)[] = [
    f.actor ? ilike(auditLog.actorLabel, `%${escapeLike(f.actor)}%`) : undefined,
    f.action ? ilike(auditLog.action, `${escapeLike(f.action)}%`) : undefined,
    f.entityType ? eq(auditLog.entityType, f.entityType) : undefined,
    f.entityId ? eq(auditLog.entityId, f.entityId) : undefined,
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

function escapeLike(value: string) {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}
