import { and, eq, inArray, ne } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { assets, services, teams, tickets, users } from "@/db/schema";
import { AppError } from "@/lib/errors";

export type TicketRefs = {
  serviceId?: string | null;
  assetId?: string | null;
  teamId?: string | null;
  assigneeId?: string | null;
  requesterId?: string | null;
  watcherIds?: string[];
};

async function exists(tx: DbOrTx, table: typeof services | typeof assets | typeof teams, id: string) {
  const [row] = await tx.select({ id: table.id }).from(table).where(eq(table.id, id)).limit(1);
  return !!row;
}

// Named 400s instead of bare foreign-key violations; the assignee must be active staff, not a requester.
export async function checkRefs(tx: DbOrTx, refs: TicketRefs) {
  if (refs.serviceId && !(await exists(tx, services, refs.serviceId))) {
    throw new AppError("invalid", "serviceId: no such service", { fields: { serviceId: ["No such service"] } });
  }
  if (refs.assetId && !(await exists(tx, assets, refs.assetId))) {
    throw new AppError("invalid", "assetId: no such asset", { fields: { assetId: ["No such asset"] } });
  }
  if (refs.teamId && !(await exists(tx, teams, refs.teamId))) {
    throw new AppError("invalid", "teamId: no such team", { fields: { teamId: ["No such team"] } });
  }
  if (refs.assigneeId) {
    const [user] = await tx
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.id, refs.assigneeId), eq(users.isActive, true), ne(users.role, "requester")))
      .limit(1);
    if (!user) {
      throw new AppError("invalid", "assigneeId: not an active agent or engineer", {
        fields: { assigneeId: ["Not an active agent or engineer"] },
      });
    }
  }
  const people = [...(refs.requesterId ? [refs.requesterId] : []), ...(refs.watcherIds ?? [])];
  if (people.length) {
    const found = await tx.select({ id: users.id }).from(users).where(inArray(users.id, people));
    const known = new Set(found.map((u) => u.id));
    if (refs.requesterId && !known.has(refs.requesterId)) {
      throw new AppError("invalid", "requesterId: no such user", { fields: { requesterId: ["No such user"] } });
    }
    if ((refs.watcherIds ?? []).some((id) => !known.has(id))) {
      throw new AppError("invalid", "watcherIds: no such user", { fields: { watcherIds: ["No such user"] } });
    }
  }
}

export async function ticketIdByNumber(tx: DbOrTx, number: string, field: string) {
  const [row] = /^[A-Za-z]{3}-\d{1,12}$/.test(number)
    ? await tx.select({ id: tickets.id }).from(tickets).where(eq(tickets.number, number.toUpperCase())).limit(1)
    : [];
  if (!row)
    throw new AppError("invalid", `${field}: no ticket ${number}`, { fields: { [field]: [`No ticket ${number}`] } });
  return row.id;
}

export async function userNames(tx: DbOrTx, ids: (string | null | undefined)[]) {
  const wanted = [...new Set(ids.filter((id): id is string => !!id))];
  if (!wanted.length) return new Map<string, string>();
  const rows = await tx.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, wanted));
  return new Map(rows.map((r) => [r.id, r.name]));
}
