import { getFormatter, getTranslations } from "next-intl/server";
import { cn } from "@/components/ui/cn";
import type { NowAndNext } from "@/lib/oncall/rotation";
import type { Person } from "@/lib/oncall/schedule-views";
import { PersonAvatar, type PersonColors } from "./schedule-person";

export const SHORT_TIME = {
  weekday: "short",
  month: "numeric",
  day: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
} as const;

function names(ids: string[], people: Map<string, Person>) {
  return ids.map((id) => people.get(id)?.name ?? "?");
}

// Who is on call now (until when) and who comes next (from when), in the viewer's time zone.
export async function NowNext({
  onCall,
  people,
  colors,
  isLarge = false,
}: {
  onCall: NowAndNext;
  people: Map<string, Person>;
  colors?: PersonColors;
  isLarge?: boolean;
}) {
  const t = await getTranslations("schedules");
  const format = await getFormatter();
  const slots = [
    {
      key: "now",
      label: t("onCallNow"),
      ids: onCall.now.userIds,
      empty: t("nobody"),
      when: onCall.now.until ? t("until", { time: format.dateTime(onCall.now.until, SHORT_TIME) }) : t("noChange"),
    },
    ...(onCall.next
      ? [
          {
            key: "next",
            label: t("next"),
            ids: onCall.next.userIds,
            empty: t("nobodyNext"),
            when: t("from", { time: format.dateTime(onCall.next.from, SHORT_TIME) }),
          },
        ]
      : []),
  ];
  return (
    <dl className="grid grid-cols-1 gap-3 sm:grid-cols-2">
      {slots.map((slot) => {
        const who = names(slot.ids, people);
        return (
          <div key={slot.key} className="flex min-w-0 items-center gap-3" data-testid={`oncall-${slot.key}`}>
            {who.length ? (
              <PersonAvatar name={who[0]} color={colors?.get(slot.ids[0])} size={isLarge ? "lg" : "md"} />
            ) : (
              <PersonAvatar name="–" size={isLarge ? "lg" : "md"} />
            )}
            <div className="min-w-0">
              <dt className="text-xs font-medium tracking-wide text-zinc-500 uppercase dark:text-zinc-400">
                {slot.label}
              </dt>
              <dd
                className={cn(
                  "truncate font-medium",
                  isLarge ? "text-base" : "text-sm",
                  who.length ? "" : "text-zinc-500 dark:text-zinc-400",
                )}
              >
                {who.length ? who.join(", ") : slot.empty}
              </dd>
              <dd className="text-xs text-zinc-500 tabular-nums dark:text-zinc-400">{slot.when}</dd>
            </div>
          </div>
        );
      })}
    </dl>
  );
}
