import Link from "next/link";
import { cn } from "./cn";

// The current search params with some replaced; empty values drop out of the URL.
export function mergeQuery(params: Record<string, string | undefined>, extra: Record<string, string>): string {
  return new URLSearchParams(
    Object.entries({ ...params, ...extra }).filter(([, v]) => v) as [string, string][],
  ).toString();
}

export function ViewTabs({
  label,
  tabs,
}: {
  label: string;
  tabs: { href: string; label: string; isCurrent: boolean }[];
}) {
  return (
    <nav
      className="flex flex-wrap rounded-lg border border-zinc-200 bg-white p-0.5 dark:border-zinc-800 dark:bg-zinc-900"
      aria-label={label}
    >
      {tabs.map((tab) => (
        <Link
          key={tab.href}
          href={tab.href}
          aria-current={tab.isCurrent ? "page" : undefined}
          className={cn(
            "rounded-md px-3 py-1.5 text-sm font-medium",
            tab.isCurrent
              ? "bg-brand-50 text-brand-700 dark:bg-brand-900/50 dark:text-brand-200"
              : "text-zinc-600 hover:text-zinc-900 dark:text-zinc-400",
          )}
        >
          {tab.label}
        </Link>
      ))}
    </nav>
  );
}
