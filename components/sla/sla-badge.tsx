import { Timer } from "lucide-react";
import { Badge, type BadgeTone } from "@/components/ui/badge";

export type SlaBadgeView = { state: string; label: string; title: string };

export const SLA_TONE: Record<string, BadgeTone> = {
  running: "brand",
  warning: "amber",
  breached: "red",
  paused: "neutral",
  met: "green",
};

export function SlaBadge({ badge }: { badge: SlaBadgeView | null | undefined }) {
  if (!badge) return null;
  return (
    <Badge tone={SLA_TONE[badge.state] ?? "neutral"} title={badge.title} data-sla={badge.state}>
      <Timer className="mr-1 size-3" aria-hidden />
      <span className="tabular-nums">{badge.label}</span>
    </Badge>
  );
}
