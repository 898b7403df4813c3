import { getTranslations } from "next-intl/server";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import type { AlertStatus, Priority, Severity, TicketStatus } from "@/db/schema";

export const STATUS_TONE: Record<TicketStatus, BadgeTone> = {
  new: "red",
  acknowledged: "amber",
  in_progress: "brand",
  pending: "neutral",
  resolved: "green",
  closed: "neutral",
  cancelled: "neutral",
};
const PRIORITY_TONE: Record<Priority, BadgeTone> = {
  P1: "red",
  P2: "amber",
  P3: "brand",
  P4: "neutral",
  P5: "neutral",
};
const SEVERITY_TONE: Record<Severity, BadgeTone> = {
  critical: "red",
  error: "amber",
  warning: "amber",
  info: "neutral",
};

export async function StatusBadge({ status }: { status: TicketStatus }) {
  const t = await getTranslations("ticketStatus");
  return <Badge tone={STATUS_TONE[status]}>{t(status)}</Badge>;
}

export function PriorityBadge({ priority }: { priority: Priority }) {
  return (
    <Badge tone={PRIORITY_TONE[priority]} className="font-semibold tabular-nums">
      {priority}
    </Badge>
  );
}

export async function SeverityBadge({ severity }: { severity: Severity }) {
  const t = await getTranslations("severity");
  return <Badge tone={SEVERITY_TONE[severity]}>{t(severity)}</Badge>;
}

export async function AlertStatusBadge({ status, isSuppressed }: { status: AlertStatus; isSuppressed?: boolean }) {
  const t = await getTranslations("alerts");
  if (isSuppressed) return <Badge tone="neutral">{t("suppressed")}</Badge>;
  return <Badge tone={status === "firing" ? "red" : "green"}>{t(status)}</Badge>;
}
