import type { TicketStatus, TicketType } from "@/db/schema";

export const OPEN_STATUSES = ["new", "acknowledged", "in_progress", "pending"] as const satisfies TicketStatus[];
export const READ_ONLY_STATUSES = ["closed", "cancelled"] as const satisfies TicketStatus[];

const TRANSITIONS: Record<TicketStatus, readonly TicketStatus[]> = {
  new: ["acknowledged", "in_progress", "pending", "resolved", "cancelled"],
  acknowledged: ["in_progress", "pending", "resolved", "cancelled"],
  in_progress: ["pending", "resolved", "cancelled"],
  pending: ["in_progress", "resolved", "cancelled"],
  resolved: ["closed", "in_progress", "new"],
  closed: [],
  cancelled: [],
};

export function isOpen(status: TicketStatus): boolean {
  return (OPEN_STATUSES as readonly TicketStatus[]).includes(status);
}

export function isReadOnly(status: TicketStatus): boolean {
  return (READ_ONLY_STATUSES as readonly TicketStatus[]).includes(status);
}

export function nextStatuses(status: TicketStatus): readonly TicketStatus[] {
  return TRANSITIONS[status];
}

export function canTransition(from: TicketStatus, to: TicketStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

// A reopened incident must be acknowledged again (as when the engine reopens it); a request goes back to work.
export function reopenStatus(type: TicketType, hasAssignee: boolean): TicketStatus {
  return type === "incident" || !hasAssignee ? "new" : "in_progress";
}
