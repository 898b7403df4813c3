import { cn } from "@/components/ui/cn";

// Literal class names (Tailwind only sees whole strings): a background, text and border per person in a schedule.
const COLORS = [
  "bg-sky-100 text-sky-900 border-sky-300 dark:bg-sky-900/60 dark:text-sky-100 dark:border-sky-700",
  "bg-amber-100 text-amber-900 border-amber-300 dark:bg-amber-900/60 dark:text-amber-100 dark:border-amber-700",
  "bg-emerald-100 text-emerald-900 border-emerald-300 dark:bg-emerald-900/60 dark:text-emerald-100 dark:border-emerald-700",
  "bg-violet-100 text-violet-900 border-violet-300 dark:bg-violet-900/60 dark:text-violet-100 dark:border-violet-700",
  "bg-rose-100 text-rose-900 border-rose-300 dark:bg-rose-900/60 dark:text-rose-100 dark:border-rose-700",
  "bg-teal-100 text-teal-900 border-teal-300 dark:bg-teal-900/60 dark:text-teal-100 dark:border-teal-700",
  "bg-orange-100 text-orange-900 border-orange-300 dark:bg-orange-900/60 dark:text-orange-100 dark:border-orange-700",
  "bg-indigo-100 text-indigo-900 border-indigo-300 dark:bg-indigo-900/60 dark:text-indigo-100 dark:border-indigo-700",
  "bg-lime-100 text-lime-900 border-lime-300 dark:bg-lime-900/60 dark:text-lime-100 dark:border-lime-700",
  "bg-fuchsia-100 text-fuchsia-900 border-fuchsia-300 dark:bg-fuchsia-900/60 dark:text-fuchsia-100 dark:border-fuchsia-700",
] as const;

export type PersonColors = Map<string, string>;

// Colours follow the order people first appear in, so a schedule's page is coloured the same on every visit.
export function personColors(ids: Iterable<string | null | undefined>): PersonColors {
  const out: PersonColors = new Map();
  for (const id of ids) if (id && !out.has(id)) out.set(id, COLORS[out.size % COLORS.length]);
  return out;
}

export function initialsOf(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  if (parts.length === 0) return "?";
  if (/^[\p{Script=Hangul}]/u.test(parts[0])) return parts[0].slice(0, 1);
  return parts
    .map((p) => p[0])
    .join("")
    .slice(0, 2)
    .toUpperCase();
}

export function PersonAvatar({
  name,
  color,
  size = "md",
}: {
  name: string;
  color?: string;
  size?: "sm" | "md" | "lg";
}) {
  return (
    <span
      aria-hidden
      className={cn(
        "inline-flex shrink-0 items-center justify-center rounded-full border font-semibold",
        size === "sm" ? "size-6 text-[0.65rem]" : size === "lg" ? "size-11 text-base" : "size-8 text-xs",
        color ?? "border-zinc-300 bg-zinc-100 text-zinc-700 dark:border-zinc-700 dark:bg-zinc-800 dark:text-zinc-200",
      )}
    >
      {initialsOf(name)}
    </span>
  );
}
