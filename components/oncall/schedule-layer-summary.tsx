import { getTranslations } from "next-intl/server";
import { Badge } from "@/components/ui/badge";
import type { LayerRestriction, RotationKind } from "@/db/schema";
import { parseWallTime } from "@/lib/oncall/rotation";
import type { Person } from "@/lib/oncall/schedule-views";
import { PersonAvatar, type PersonColors } from "./schedule-person";

// "Mon, Tue, Wed 09:00–18:00 · Sat 10:00–14:00": days that share the same ranges are named together.
async function restrictionText(restrictions: LayerRestriction[]) {
  const td = await getTranslations("slaAdmin.days");
  const byRanges = new Map<string, number[]>();
  for (let day = 1; day <= 7; day++) {
    const ranges = restrictions
      .filter((r) => r.day === day)
      .map((r) => `${r.start}–${r.end}`)
      .join(", ");
    if (ranges) byRanges.set(ranges, [...(byRanges.get(ranges) ?? []), day]);
  }
  return [...byRanges].map(([ranges, days]) => `${days.map((d) => td(String(d))).join(", ")} ${ranges}`).join(" · ");
}

export async function LayerSummary({
  layer,
  people,
  colors,
}: {
  layer: {
    name: string;
    rotationKind: RotationKind;
    shiftHours: number;
    startsAt: string;
    endsAt: string | null;
    restrictions: LayerRestriction[];
    members: string[];
  };
  people: Map<string, Person>;
  colors: PersonColors;
}) {
  const t = await getTranslations("schedules");
  const td = await getTranslations("slaAdmin.days");
  const wall = parseWallTime(layer.startsAt) ?? 0;
  const time = layer.startsAt.slice(11, 16);
  const isoDay = ((new Date(wall).getUTCDay() + 6) % 7) + 1;
  const rhythm =
    layer.rotationKind === "daily"
      ? t("summaryDaily", { time })
      : layer.rotationKind === "weekly"
        ? t("summaryWeekly", { weekday: td(String(isoDay)), time })
        : t("summaryCustom", { hours: layer.shiftHours, time });
  const dates = [
    t("summaryStarts", { date: layer.startsAt.replace("T", " ") }),
    layer.endsAt ? t("summaryEnds", { date: layer.endsAt.replace("T", " ") }) : null,
  ].filter((d): d is string => d !== null);
  return (
    <div className="space-y-1.5">
      <p className="flex flex-wrap items-center gap-2">
        <span className="font-medium">{layer.name}</span>
        {layer.restrictions.length ? <Badge tone="amber">{t("restricted")}</Badge> : null}
      </p>
      <p className="text-sm text-zinc-600 dark:text-zinc-300">
        {rhythm}
        {dates.map((d) => (
          <span key={d} className="whitespace-nowrap text-zinc-500 dark:text-zinc-400">
            {" · "}
            {d}
          </span>
        ))}
      </p>
      {layer.restrictions.length ? (
        <p className="text-xs text-zinc-500 dark:text-zinc-400">{await restrictionText(layer.restrictions)}</p>
      ) : null}
      <ol className="flex flex-wrap gap-1.5" aria-label={t("members")}>
        {layer.members.map((id, i) => {
          const name = people.get(id)?.name ?? "?";
          return (
            <li
              key={`${id}-${i}`}
              className="inline-flex items-center gap-1.5 rounded-full border border-zinc-200 py-0.5 pr-2.5 pl-0.5 text-xs dark:border-zinc-700"
            >
              <PersonAvatar name={name} color={colors.get(id)} size="sm" />
              <span className="max-w-[10rem] truncate">{name}</span>
            </li>
          );
        })}
      </ol>
    </div>
  );
}
