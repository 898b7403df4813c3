import type { Role } from "@/db/schema";
import { AppError } from "@/lib/errors";

const EVERYONE: readonly Role[] = ["admin", "manager", "agent", "engineer", "requester"];
const STAFF: readonly Role[] = ["admin", "manager", "agent", "engineer"];
const DESK: readonly Role[] = ["admin", "manager", "agent"];

export const PERMISSIONS = {
  "users.read": ["admin"],
  "users.manage": ["admin"],
  "teams.read": STAFF,
  "teams.manage": ["admin", "manager"],
  "catalog.read": STAFF,
  "catalog.manage": ["admin", "manager"],
  "audit.read": ["admin", "manager"],
  "tokens.own": EVERYONE,
  "tokens.manage": ["admin"],
  "profile.update": EVERYONE,
  "tickets.read": STAFF,
  "tickets.work": STAFF,
  "tickets.bulk": DESK,
  "tickets.major": DESK,
  "requests.portal": EVERYONE,
  "request_catalog.manage": ["admin", "manager"],
  "incidents.work": STAFF,
  "silences.manage": STAFF,
  "routing.manage": ["admin", "manager"],
  "integrations.manage": ["admin"],
  "sla.read": STAFF,
  "sla.policies.manage": ["admin", "manager"],
  "sla.calendars.manage": ["admin"],
  "reports.read": ["admin", "manager"],
  "oncall.read": STAFF,
  "oncall.schedules.manage": ["admin", "manager"],
  "oncall.policies.manage": ["admin", "manager"],
  "webhooks.manage": ["admin"],
  "notifications.own": STAFF,
} as const satisfies Record<string, readonly Role[]>;
export type Permission = keyof typeof PERMISSIONS;

export type Actor =
  | { type: "user"; id: string; role: Role; label: string }
  | { type: "token"; id: string; userId: string; role: Role; label: string }
  | { type: "system"; job: string };

export function can(actor: Actor, permission: Permission): boolean {
  if (actor.type === "system") return true;
  return (PERMISSIONS[permission] as readonly Role[]).includes(actor.role);
}

export function assertCan(actor: Actor, permission: Permission): void {
  if (!can(actor, permission)) {
    throw new AppError("forbidden", `Your role may not do this (needs ${permission})`);
  }
}

export function actorUserId(actor: Actor): string | null {
  if (actor.type === "user") return actor.id;
  if (actor.type === "token") return actor.userId;
  return null;
}

export function actorLabel(actor: Actor): string {
  return actor.type === "system" ? `system:${actor.job}` : actor.label;
}
