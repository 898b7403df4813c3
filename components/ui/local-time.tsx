import { getFormatter } from "next-intl/server";

// Renders in the viewer's time zone (set per request from their profile, Asia/Seoul by default).
export async function LocalTime({
  value,
  withSeconds,
}: {
  value: Date | string | null | undefined;
  withSeconds?: boolean;
}) {
  if (!value) return <span className="text-zinc-400">—</span>;
  const date = typeof value === "string" ? new Date(value) : value;
  const format = await getFormatter();
  return (
    <time dateTime={date.toISOString()} className="whitespace-nowrap tabular-nums">
      {format.dateTime(date, {
        year: "numeric",
        month: "2-digit",
        day: "2-digit",
        hour: "2-digit",
        minute: "2-digit",
        ...(withSeconds ? { second: "2-digit" } : {}),
        hourCycle: "h23",
      })}
    </time>
  );
}
