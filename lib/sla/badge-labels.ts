import { durationParts, primaryBadge, type SlaBadge } from "./badges";

type Translate = (key: string, values?: Record<string, string>) => string;

// "2일 3시간", "2h 5m", "12분": the largest two units, worded in the viewer's language.
export function formatDuration(seconds: number, withDays: boolean, t: Translate): string {
  const { d, h, m } = durationParts(seconds, withDays);
  const values = { d: String(d), h: String(h), m: String(m) };
  if (d) return t(h ? "duration.dh" : "duration.d", values);
  if (h) return t(m ? "duration.hm" : "duration.h", values);
  return t(m ? "duration.m" : "duration.underMinute", values);
}

// Text for a badge in the viewer's language; durations are business time.
export function slaBadgeView(badge: SlaBadge, t: Translate) {
  const time = badge.remainingSeconds === null ? "" : formatDuration(badge.remainingSeconds, badge.isAlwaysOpen, t);
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
  return { state: badge.state, label, title: badge.state === "paused" ? t("pausedNote") : t(`state.${badge.state}`) };
}

// Each ticket's row badge, worded; tickets without a clock have none.
export function primaryBadgeViews(badges: Map<string, SlaBadge[]>, t: Translate) {
  const views = new Map<string, ReturnType<typeof slaBadgeView>>();
  for (const [ticketId, list] of badges) {
    const badge = primaryBadge(list);
    if (badge) views.set(ticketId, slaBadgeView(badge, t));
  }
  return views;
}
