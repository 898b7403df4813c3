import { getFormatter, getTimeZone, getTranslations } from "next-intl/server";
import { cn } from "@/components/ui/cn";
import { OVERRIDE_SOURCE, type Timeline } from "@/lib/oncall/rotation";
import type { Person } from "@/lib/oncall/schedule-views";
import { PersonAvatar, type PersonColors } from "./schedule-person";

type Bar = { start: Date; end: Date; userId: string | null; source?: string | null };
type Row = { key: string; label: string; bars: Bar[]; isFinal?: boolean };

const NOBODY = "bg-red-50 text-red-700 border-red-200 dark:bg-red-950/50 dark:text-red-300 dark:border-red-900";

// Where instant t sits across the day columns, 0–1; each day gets the same width however long it is (DST days).
function xOf(days: Date[], t: number): number {
  const n = days.length - 1;
  if (t <= days[0].getTime()) return 0;
  if (t >= days[n].getTime()) return 1;
  let i = 0;
  while (days[i + 1].getTime() <= t) i++;
  const a = days[i].getTime();
  const b = days[i + 1].getTime();
  return (i + (t - a) / (b - a)) / n;
}

// Two views of the same timeline: a bar chart of days × rows from md up, and a list of days on a phone.
export async function ScheduleCalendar({
  days,
  timeline,
  layers,
  people,
  colors,
  now,
}: {
  days: Date[];
  timeline: Timeline;
  layers: { id: string; name: string }[];
  people: Map<string, Person>;
  colors: PersonColors;
  now: Date;
}) {
  const t = await getTranslations("schedules");
  const format = await getFormatter();
  const layerNames = new Map(layers.map((l) => [l.id, l.name]));
  const nameOf = (id: string | null) => (id ? (people.get(id)?.name ?? "?") : t("nobodyShift"));
  const sourceOf = (source: string | null | undefined) =>
    source === OVERRIDE_SOURCE ? t("overrideSource") : source ? (layerNames.get(source) ?? "") : "";
  const hm = (d: Date) => format.dateTime(d, { hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
  const span = (b: Bar) =>
    `${format.dateTime(b.start, { month: "numeric", day: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" })} – ${format.dateTime(b.end, { month: "numeric", day: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" })}`;
  const rows: Row[] = [
    { key: "final", label: t("finalRow"), bars: timeline.final, isFinal: true },
    ...layers.map((l) => ({
      key: l.id,
      label: l.name,
      bars: timeline.layers.find((x) => x.layerId === l.id)?.shifts ?? [],
    })),
  ];
  const dayCount = days.length - 1;
  const nowX = xOf(days, now.getTime());
  const isNowVisible = now >= days[0] && now < days[dayCount];
  const weekday = new Intl.DateTimeFormat("en-US", { weekday: "short", timeZone: await getTimeZone() });
  const weekendDays = days
    .slice(0, dayCount)
    .map((d) => /Sat|Sun/.test(weekday.format(new Date(d.getTime() + 12 * 3_600_000))));

  return (
    <div>
      <div className="hidden md:block" data-testid="calendar-grid">
        <div className="grid grid-cols-[8.5rem_1fr] text-xs">
          <div />
          <div
            className="grid border-b border-zinc-200 dark:border-zinc-800"
            style={{ gridTemplateColumns: `repeat(${dayCount}, minmax(0, 1fr))` }}
          >
            {days.slice(0, dayCount).map((d, i) => (
              <div
                key={d.toISOString()}
                className={cn(
                  "truncate px-1 pb-1 text-center text-zinc-500 dark:text-zinc-400",
                  weekendDays[i] && "text-zinc-400 dark:text-zinc-500",
                )}
              >
                <span className="block font-medium text-zinc-700 dark:text-zinc-300">
                  {format.dateTime(new Date(d.getTime() + 12 * 3_600_000), { day: "numeric" })}
                </span>
                {format.dateTime(new Date(d.getTime() + 12 * 3_600_000), { weekday: "short" })}
              </div>
            ))}
          </div>
          {rows.map((row) => (
            <div key={row.key} className="contents" data-testid={`calendar-row-${row.key}`}>
              <div
                className={cn(
                  "flex items-center truncate border-b border-zinc-100 py-2 pr-2 dark:border-zinc-800",
                  row.isFinal ? "font-semibold text-zinc-900 dark:text-zinc-100" : "text-zinc-600 dark:text-zinc-400",
                )}
                title={row.label}
              >
                <span className="truncate">{row.label}</span>
              </div>
              <div
                className={cn("relative border-b border-zinc-100 dark:border-zinc-800", row.isFinal ? "h-11" : "h-9")}
              >
                <div
                  className="absolute inset-0 grid"
                  style={{ gridTemplateColumns: `repeat(${dayCount}, minmax(0, 1fr))` }}
                  aria-hidden
                >
                  {weekendDays.map((isWeekend, i) => (
                    <div
                      key={i}
                      className={cn(
                        "border-l border-zinc-100 dark:border-zinc-800",
                        isWeekend && "bg-zinc-50 dark:bg-zinc-950/40",
                      )}
                    />
                  ))}
                </div>
                {row.bars.map((bar) => {
                  const left = xOf(days, bar.start.getTime());
                  const width = xOf(days, bar.end.getTime()) - left;
                  if (width <= 0) return null;
                  const label = nameOf(bar.userId);
                  const source = row.isFinal ? sourceOf(bar.source) : "";
                  return (
                    <div
                      key={`${bar.start.toISOString()}-${bar.userId}`}
                      className={cn(
                        "absolute top-1 bottom-1 overflow-hidden rounded border px-1.5 text-xs leading-tight",
                        bar.userId ? colors.get(bar.userId) : NOBODY,
                        bar.source === OVERRIDE_SOURCE && "border-dashed border-2",
                      )}
                      style={{ left: `${left * 100}%`, width: `calc(${width * 100}% - 2px)` }}
                      title={`${label}${source ? ` (${source})` : ""} · ${span(bar)}`}
                    >
                      <span className="block truncate pt-0.5 font-medium">{label}</span>
                      {row.isFinal && source ? <span className="block truncate opacity-70">{source}</span> : null}
                    </div>
                  );
                })}
                {isNowVisible ? (
                  <div
                    className="absolute top-0 bottom-0 w-0.5 bg-red-500"
                    style={{ left: `${nowX * 100}%` }}
                    aria-hidden
                  />
                ) : null}
              </div>
            </div>
          ))}
        </div>
      </div>

      <ol className="space-y-4 md:hidden" data-testid="calendar-days">
        {days.slice(0, dayCount).map((dayStart, i) => {
          const dayEnd = days[i + 1];
          const noon = new Date(dayStart.getTime() + 12 * 3_600_000);
          const isToday = now.getTime() >= dayStart.getTime() && now.getTime() < dayEnd.getTime();
          const items = timeline.final.filter((s) => s.start < dayEnd && s.end > dayStart);
          return (
            <li key={dayStart.toISOString()}>
              <h3
                className={cn(
                  "mb-1.5 flex items-center gap-2 text-sm font-semibold",
                  isToday ? "text-brand-700 dark:text-brand-300" : "text-zinc-700 dark:text-zinc-300",
                )}
              >
                {format.dateTime(noon, { weekday: "long", month: "long", day: "numeric" })}
                {isToday ? (
                  <span className="rounded-full bg-brand-100 px-2 py-0.5 text-xs font-medium text-brand-700 dark:bg-brand-900 dark:text-brand-200">
                    {t("today")}
                  </span>
                ) : null}
              </h3>
              <ul className="space-y-1.5">
                {items.map((s) => {
                  const from = new Date(Math.max(s.start.getTime(), dayStart.getTime()));
                  const to = new Date(Math.min(s.end.getTime(), dayEnd.getTime()));
                  const source = sourceOf(s.source);
                  return (
                    <li
                      key={s.start.toISOString()}
                      className={cn(
                        "flex items-center gap-2.5 rounded-lg border px-2.5 py-2",
                        s.userId ? colors.get(s.userId) : NOBODY,
                        s.source === OVERRIDE_SOURCE && "border-dashed border-2",
                      )}
                    >
                      <span className="w-[6.5rem] shrink-0 text-xs font-medium tabular-nums">
                        {hm(from)}–{to.getTime() === dayEnd.getTime() ? "24:00" : hm(to)}
                      </span>
                      {s.userId ? (
                        <PersonAvatar name={nameOf(s.userId)} size="sm" color={colors.get(s.userId)} />
                      ) : null}
                      <span className="min-w-0 flex-1">
                        <span className="block truncate text-sm font-medium">{nameOf(s.userId)}</span>
                        {source ? <span className="block truncate text-xs opacity-75">{source}</span> : null}
                      </span>
                    </li>
                  );
                })}
              </ul>
            </li>
          );
        })}
      </ol>
    </div>
  );
}
