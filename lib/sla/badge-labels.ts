import { formatDuration, type SlaBadge } from "./badges";

type Translate = (key: string, values?: Record<string, string>) => string;

// Text for a badge in the viewer's language; durations are business time.
export function slaBadgeView(badge: SlaBadge, t: Translate) {
  const time = badge.remainingSeconds === null ? "" : formatDuration(badge.remainingSeconds);
  const metric = t(`metric.${badge.metric}`);
  const label =
    badge.state === "met"
      ? t("badge.met", { metric })
      : badge.state === "paused"
        ? t("badge.paused", { metric, time })
        : badge.remainingSeconds === null
          ? t("badge.breachedStopped", { metric })
          : badge.remainingSeconds < 0
            ? t("badge.overdue", { metric, time })
            : t("badge.left", { metric, time });
  return { state: badge.state, label, title: t(`state.${badge.state}`) };
}
