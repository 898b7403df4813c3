import type { LabelMatcher } from "@/db/schema";

// Matchers are user data: rendered as text, the operator set apart so `=~` and `!=` are not missed.
export function MatcherChips({ matchers, label }: { matchers: LabelMatcher[]; label: string }) {
  return (
    <ul className="flex min-w-0 flex-wrap gap-1.5" aria-label={label}>
      {matchers.map((m, index) => (
        <li
          key={index}
          className="max-w-full rounded bg-zinc-100 px-1.5 py-0.5 font-mono text-xs break-all text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300"
        >
          {m.name}
          <span className="font-semibold text-brand-700 dark:text-brand-300">{m.op}</span>
          {m.value}
        </li>
      ))}
    </ul>
  );
}
