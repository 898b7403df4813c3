import { getFormatter } from "next-intl/server";

export async function RelativeTime({ value, now = new Date() }: { value: Date | null | undefined; now?: Date }) {
  if (!value) return <span className="text-zinc-400">—</span>;
  const format = await getFormatter();
  return (
    <time dateTime={value.toISOString()} title={format.dateTime(value, { dateStyle: "medium", timeStyle: "medium" })}>
      {format.relativeTime(value, now)}
    </time>
  );
}
