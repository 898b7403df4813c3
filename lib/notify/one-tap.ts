import { and, desc, eq, inArray } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import { type ActionLink, type Locale, type TicketStatus, ticketActivities, type User, users } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { type Actor, can } from "@/lib/auth/permissions";
import type { Ctx } from "@/lib/context";
import { acknowledgeIncident, resolveIncident } from "@/lib/oncall/acknowledge";
import { reacknowledgeEscalation } from "@/lib/oncall/escalation";
import { lockTicket } from "@/lib/tickets/update";
import { checkActionLink, consumeActionLink } from "./links";
import { type IncidentFacts, incidentFacts } from "./message";

export type OneTapPerson = { id: string; name: string; locale: Locale | null };

export type OneTapView =
  | { state: "invalid" }
  | {
      state: "ready" | "used" | "expired" | "refused" | "done";
      link: Pick<ActionLink, "id" | "action" | "expiresAt" | "usedAt">;
      user: OneTapPerson;
      incident: IncidentFacts;
      // For "done": who took the incident to the state the link asked for (the link's user, or someone before them).
      actedBy?: { id: string | null; name: string | null; isLinkUser: boolean };
    };

const ACKNOWLEDGED: TicketStatus[] = ["acknowledged", "in_progress", "pending", "resolved", "closed"];
const FINISHED: TicketStatus[] = ["resolved", "closed", "cancelled"];

// Whether the incident is already where the link would take it.
export function isAlreadyDone(action: ActionLink["action"], status: TicketStatus): boolean {
  return action === "acknowledge" ? ACKNOWLEDGED.includes(status) || status === "cancelled" : FINISHED.includes(status);
}

function actorFor(user: User): Actor {
  return { type: "user", id: user.id, role: user.role, label: user.email };
}

function mayAct(user: User): boolean {
  return user.isActive && can(actorFor(user), "incidents.work");
}

async function linkParts(db: DbOrTx, link: ActionLink) {
  const [user] = await db.select().from(users).where(eq(users.id, link.userId));
  const incident = await incidentFacts(db, link.ticketId);
  return { user, incident };
}

// What a GET of /a/<token> shows. It reads and never writes, so a link scanner or a preview fetch changes nothing.
export async function viewActionLink(db: DbOrTx, token: string, now = new Date()): Promise<OneTapView> {
  const check = await checkActionLink(db, token, now);
  if (!check.ok && !check.link) return { state: "invalid" };
  const link = (check.ok ? check.link : check.link) as ActionLink;
  const { user, incident } = await linkParts(db, link);
  if (!user || !incident) return { state: "invalid" };
  const base = {
    link: { id: link.id, action: link.action, expiresAt: link.expiresAt, usedAt: link.usedAt },
    user: { id: user.id, name: user.name, locale: user.locale },
    incident,
  };
  if (!check.ok) return { state: check.reason as "used" | "expired", ...base };
  if (!mayAct(user)) return { state: "refused", ...base };
  return { state: "ready", ...base };
}

// What the result page after a confirm shows: the link is used, and the incident is where it asked, by whom.
export async function viewActionLinkResult(db: DbOrTx, token: string, now = new Date()): Promise<OneTapView> {
  const view = await viewActionLink(db, token, now);
  if (view.state !== "used") return view;
  if (!isAlreadyDone(view.link.action, view.incident.status)) return view;
  const actedBy = await whoMoved(db, view.incident.id, view.link.action);
  return { ...view, state: "done", actedBy: { ...actedBy, isLinkUser: actedBy.id === view.user.id } };
}

// The person whose change put the incident in its acknowledged (or resolved) state, from its timeline.
async function whoMoved(db: DbOrTx, ticketId: string, action: ActionLink["action"]) {
  const rows = await db
    .select({ data: ticketActivities.data, actorId: ticketActivities.actorId, name: users.name })
    .from(ticketActivities)
    .leftJoin(users, eq(users.id, ticketActivities.actorId))
    .where(
      and(
        eq(ticketActivities.ticketId, ticketId),
        inArray(
          ticketActivities.kind,
          action === "acknowledge" ? ["status_change", "notification"] : ["status_change"],
        ),
      ),
    )
    .orderBy(desc(ticketActivities.id))
    .limit(50);
  const move = rows.find((r) => {
    const { from, to, event } = r.data as { from?: string; to?: string; event?: string };
    // An acknowledgement after an ack timeout re-pages is a notification entry, not a status change.
    if (event === "acknowledged") return action === "acknowledge";
    return action === "acknowledge" ? from === "new" && to !== "cancelled" : to === "resolved";
  });
  return { id: move?.actorId ?? null, name: move?.name ?? null };
}

export type ConfirmOutcome =
  | { outcome: "done"; number: string; action: ActionLink["action"] }
  | { outcome: "already"; number: string; action: ActionLink["action"]; status: TicketStatus }
  | { outcome: "invalid" | "used" | "expired" | "refused" };

// The confirm button: re-checks the link, marks it used and acts as its user, all in one transaction, audited.
export async function confirmActionLink(
  db: Db,
  token: string,
  meta: { ip?: string | null; userAgent?: string | null } = {},
  now = new Date(),
): Promise<ConfirmOutcome> {
  return db.transaction(async (tx) => {
    const check = await checkActionLink(tx, token, now);
    if (!check.ok) return { outcome: check.reason };
    const { link } = check;
    const [user] = await tx.select().from(users).where(eq(users.id, link.userId));
    if (!user || !mayAct(user)) return { outcome: "refused" };
    const ctx: Ctx = { actor: actorFor(user), db: tx, ip: meta.ip ?? null, userAgent: meta.userAgent ?? null };
    const facts = await incidentFacts(tx, link.ticketId);
    if (!facts) return { outcome: "invalid" };
    // Locked first: two people confirming their own links at once see each other's acknowledgement.
    const ticket = await lockTicket(tx, facts.number);
    if (!(await consumeActionLink(tx, link.id, now))) return { outcome: "used" };
    let isAlready = isAlreadyDone(link.action, ticket.status);
    // In hand, but paging again (its ack timeout fired, or someone escalated): the link acknowledges once more.
    if (isAlready && link.action === "acknowledge" && !FINISHED.includes(ticket.status)) {
      isAlready = !(await reacknowledgeEscalation(ctx, ticket.number));
    }
    if (!isAlready && link.action === "acknowledge" && ticket.status === "new") {
      await acknowledgeIncident(ctx, { number: ticket.number });
    }
    if (!isAlready && link.action === "resolve") {
      await resolveIncident(ctx, { number: ticket.number, note: "Resolved with a one-tap link" });
    }
    await recordAudit(tx, ctx, {
      action: "action_link.used",
      entityType: "action_link",
      entityId: link.id,
      after: {
        action: link.action,
        ticket: ticket.number,
        deliveryId: link.deliveryId,
        result: isAlready ? `already ${ticket.status}` : link.action === "acknowledge" ? "acknowledged" : "resolved",
      },
    });
    return isAlready
      ? { outcome: "already", number: ticket.number, action: link.action, status: ticket.status }
      : { outcome: "done", number: ticket.number, action: link.action };
  });
}
