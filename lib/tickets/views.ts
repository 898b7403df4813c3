import { and, asc, eq } from "drizzle-orm";
import { z } from "zod";
import { savedViews } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { actorUserId, assertCan } from "@/lib/auth/permissions";
import type { Ctx } from "@/lib/context";
import { AppError, parseInput } from "@/lib/errors";
import { ListQueue } from "./queue";

const QUERY_KEYS = [
  "view",
  "type",
  "status",
  "priority",
  "teamId",
  "serviceId",
  "assigneeId",
  "createdFrom",
  "createdTo",
  "q",
  "sort",
] as const;

export const SaveView = z.object({
  name: z.string().trim().min(1, "Name the view").max(60, "A view name is at most 60 characters"),
  query: z.record(z.string(), z.string()),
});
export type SaveView = z.input<typeof SaveView>;

function me(ctx: Ctx) {
  const id = actorUserId(ctx.actor);
  if (!id) throw new AppError("forbidden", "Saved views belong to a user");
  return id;
}

// Only queue parameters are kept, and they must parse as a queue query, so a saved view always opens.
export async function saveView(ctx: Ctx, input: SaveView) {
  assertCan(ctx.actor, "tickets.read");
  const data = parseInput(SaveView, input);
  const query = Object.fromEntries(QUERY_KEYS.filter((k) => data.query[k]).map((k) => [k, data.query[k]] as const));
  parseInput(ListQueue, query);
  const userId = me(ctx);
  return ctx.db.transaction(async (tx) => {
    const existing = await tx.select().from(savedViews).where(eq(savedViews.userId, userId));
    const same = existing.find((v) => v.name.toLowerCase() === data.name.toLowerCase());
    const [view] = same
      ? await tx.update(savedViews).set({ query }).where(eq(savedViews.id, same.id)).returning()
      : await tx.insert(savedViews).values({ userId, name: data.name, query }).returning();
    await recordAudit(tx, ctx, { action: "saved_view.save", entityType: "saved_view", entityId: view.id, after: view });
    return view;
  });
}

export const DeleteView = z.object({ viewId: z.uuid() });

export async function deleteView(ctx: Ctx, input: z.input<typeof DeleteView>) {
  assertCan(ctx.actor, "tickets.read");
  const { viewId } = parseInput(DeleteView, input);
  const userId = me(ctx);
  return ctx.db.transaction(async (tx) => {
    const [before] = await tx
      .delete(savedViews)
      .where(and(eq(savedViews.id, viewId), eq(savedViews.userId, userId)))
      .returning();
    if (!before) throw new AppError("not_found", "No such saved view");
    await recordAudit(tx, ctx, { action: "saved_view.delete", entityType: "saved_view", entityId: viewId, before });
  });
}

export async function listViews(ctx: Ctx) {
  assertCan(ctx.actor, "tickets.read");
  return ctx.db
    .select()
    .from(savedViews)
    .where(eq(savedViews.userId, me(ctx)))
    .orderBy(asc(savedViews.name));
}
