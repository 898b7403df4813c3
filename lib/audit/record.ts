import type { DbOrTx } from "@/db/client";
import { auditLog } from "@/db/schema";
import { actorLabel } from "@/lib/auth/permissions";
import type { Ctx } from "@/lib/context";

export type AuditInput = {
  action: string;
  entityType: string;
  entityId?: string | null;
  before?: unknown;
  after?: unknown;
};

const SECRET_KEYS = new Set(["passwordHash", "password", "tokenHash", "token", "secret"]);

function redact(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.map(redact);
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([key]) => !SECRET_KEYS.has(key))
        .map(([key, v]) => [key, redact(v)]),
    );
  }
  return value;
}

export async function recordAudit(tx: DbOrTx, ctx: Ctx, input: AuditInput) {
  const { actor } = ctx;
  await tx.insert(auditLog).values({
    actorType: actor.type,
    actorId: actor.type === "user" ? actor.id : actor.type === "token" ? actor.userId : null,
    actorLabel: actorLabel(actor),
    action: input.action,
    entityType: input.entityType,
    entityId: input.entityId ?? null,
    before: redact(input.before),
    after: redact(input.after),
    ip: ctx.ip ?? null,
    userAgent: ctx.userAgent?.slice(0, 400) ?? null,
  });
}
