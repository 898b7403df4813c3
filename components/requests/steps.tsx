import { Check } from "lucide-react";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { cn } from "@/components/ui/cn";

// Where the requester is in category → request → details; finished steps link back.
export async function RequestSteps({ current, hrefs }: { current: 1 | 2 | 3; hrefs: [string, string | null] }) {
  const t = await getTranslations("requests.steps");
  const steps = [t("category"), t("type"), t("details")];
  return (
    <nav aria-label={t("label")} className="mb-6">
      <ol className="flex items-center gap-2 text-sm">
        {steps.map((label, index) => {
          const step = index + 1;
          const isDone = step < current;
          const href = isDone ? hrefs[index] : null;
          const content = (
            <>
              <span
                className={cn(
                  "inline-flex size-6 shrink-0 items-center justify-center rounded-full text-xs font-semibold",
                  isDone && "bg-brand-600 text-white",
                  step === current &&
                    "bg-brand-50 text-brand-700 ring-2 ring-brand-500 dark:bg-brand-900/40 dark:text-brand-200",
                  step > current && "bg-zinc-100 text-zinc-500 dark:bg-zinc-800",
                )}
              >
                {isDone ? <Check className="size-3.5" aria-hidden /> : step}
              </span>
              <span
                className={cn(
                  "truncate",
                  step === current
                    ? "font-medium text-zinc-900 dark:text-zinc-100"
                    : "text-zinc-500 dark:text-zinc-400",
                )}
              >
                {label}
              </span>
            </>
          );
          return (
            <li
              key={label}
              className="flex min-w-0 items-center gap-2"
              aria-current={step === current ? "step" : undefined}
            >
              {index > 0 ? (
                <span className="h-px w-4 shrink-0 bg-zinc-300 sm:w-8 dark:bg-zinc-700" aria-hidden />
              ) : null}
              {href ? (
                <Link href={href} className="flex min-w-0 items-center gap-2 hover:underline">
                  {content}
                </Link>
              ) : (
                <span className="flex min-w-0 items-center gap-2">{content}</span>
              )}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
