import { ChevronDown } from "lucide-react";
import type { ReactNode } from "react";

// A list row whose edit form unfolds in place; without edit rights it is a plain row.
export function EditableRow({
  summary,
  editLabel,
  children,
}: {
  summary: ReactNode;
  editLabel: string;
  children?: ReactNode;
}) {
  if (!children) return <li className="px-4 py-3 sm:px-5">{summary}</li>;
  return (
    <li>
      <details className="group">
        <summary className="flex cursor-pointer list-none items-start gap-3 px-4 py-3 hover:bg-zinc-50 sm:px-5 dark:hover:bg-zinc-800/50 [&::-webkit-details-marker]:hidden">
          <div className="min-w-0 flex-1">{summary}</div>
          <span className="mt-0.5 inline-flex shrink-0 items-center gap-1 text-sm text-brand-600 dark:text-brand-400">
            {editLabel}
            <ChevronDown className="size-4 transition-transform group-open:rotate-180" aria-hidden />
          </span>
        </summary>
        <div className="border-t border-zinc-100 bg-zinc-50/60 px-4 py-4 sm:px-5 dark:border-zinc-800 dark:bg-zinc-950/40">
          {children}
        </div>
      </details>
    </li>
  );
}
