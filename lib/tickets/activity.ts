import type { DbOrTx } from "@/db/client";
import { type ActivityKind, ticketActivities } from "@/db/schema";
import { actorUserId } from "@/lib/auth/permissions";
import type { Ctx } from "@/lib/context";

export function activityActor(ctx: Ctx) {
  const actorType = ctx.actor.type === "user" ? "user" : ctx.actor.type === "token" ? "token" : "system";
  return { actorType, actorId: actorUserId(ctx.actor) } as const;
}

export type NewActivity = {
  kind: ActivityKind;
  body?: string;
  data?: Record<string, unknown>;
  visibility?: "public" | "internal";
};

export async function addActivities(tx: DbOrTx, ctx: Ctx, ticketId: string, entries: NewActivity[]) {
  if (!entries.length) return [];
  const actor = activityActor(ctx);
  return tx
    .insert(ticketActivities)
    .values(
      entries.map((e) => ({
        ticketId,
        kind: e.kind,
        body: e.body ?? "",
        data: e.data ?? {},
        visibility: e.visibility ?? "public",
        ...actor,
      })),
    )
    .returning({ id: ticketActivities.id, kind: ticketActivities.kind, createdAt: ticketActivities.createdAt });
}
