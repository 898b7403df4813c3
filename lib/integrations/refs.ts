import { eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { services, teams } from "@/db/schema";
import { AppError } from "@/lib/errors";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// The command line names services and teams as an operator types them: an id, or the name in any case.
export async function resolveServiceRef(db: DbOrTx, ref: string | undefined): Promise<string | null> {
  if (!ref) return null;
  const [row] = await db
    .select({ id: services.id })
    .from(services)
    .where(UUID.test(ref) ? eq(services.id, ref) : eq(sql`lower(${services.name})`, ref.trim().toLowerCase()))
    .limit(1);
  if (!row) throw new AppError("not_found", `No service named or with id ${ref}`);
  return row.id;
}

export async function resolveTeamRef(db: DbOrTx, ref: string | undefined): Promise<string | null> {
  if (!ref) return null;
  const [row] = await db
    .select({ id: teams.id })
    .from(teams)
    .where(UUID.test(ref) ? eq(teams.id, ref) : eq(sql`lower(${teams.name})`, ref.trim().toLowerCase()))
    .limit(1);
  if (!row) throw new AppError("not_found", `No team named or with id ${ref}`);
  return row.id;
}
