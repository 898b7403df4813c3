"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useEffect, useRef, useState } from "react";
import { bulkAction } from "@/app/(app)/tickets/actions";
import { ActionForm, SubmitButton } from "@/components/forms/action-form";
import { SlaBadge, type SlaBadgeView } from "@/components/sla/sla-badge";
import { cn } from "@/components/ui/cn";
import { Select } from "@/components/ui/input";

export type QueueItem = {
  id: string;
  number: string;
  title: string;
  typeLabel: string;
  status: string;
  statusLabel: string;
  statusTone: string;
  priority: string;
  isMajor: boolean;
  serviceName: string | null;
  teamName: string | null;
  assigneeName: string | null;
  createdLabel: string;
  createdIso: string;
  sla: SlaBadgeView | null;
};

type Option = { value: string; label: string };

const TONE: Record<string, string> = {
  red: "bg-red-50 text-red-700 ring-red-600/20 dark:bg-red-950 dark:text-red-300",
  amber: "bg-amber-50 text-amber-800 ring-amber-600/20 dark:bg-amber-950 dark:text-amber-300",
  brand: "bg-brand-50 text-brand-700 ring-brand-600/20 dark:bg-brand-950 dark:text-brand-300",
  green: "bg-emerald-50 text-emerald-700 ring-emerald-600/20 dark:bg-emerald-950 dark:text-emerald-300",
  neutral: "bg-zinc-100 text-zinc-700 ring-zinc-500/20 dark:bg-zinc-800 dark:text-zinc-300",
};
const PRIORITY_TONE: Record<string, string> = { P1: "red", P2: "amber", P3: "brand", P4: "neutral", P5: "neutral" };

function Pill({ tone, children }: { tone: string; children: React.ReactNode }) {
  return (
    <span
      className={cn(
        "inline-flex items-center rounded-md px-1.5 py-0.5 text-xs font-medium ring-1 ring-inset",
        TONE[tone] ?? TONE.neutral,
      )}
    >
      {children}
    </span>
  );
}

const isTyping = (el: Element | null) =>
  !!el &&
  (el.tagName === "INPUT" ||
    el.tagName === "TEXTAREA" ||
    el.tagName === "SELECT" ||
    (el as HTMLElement).isContentEditable);

// j/k move, Enter opens, x selects, / searches: the keys Gmail and Zendesk users already know.
export function QueueList({
  items,
  canBulk,
  assignees,
  statuses,
  priorities,
}: {
  items: QueueItem[];
  canBulk: boolean;
  assignees: Option[];
  statuses: Option[];
  priorities: Option[];
}) {
  const t = useTranslations("desk");
  const router = useRouter();
  const [active, setActive] = useState(0);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const rows = useRef<(HTMLAnchorElement | null)[]>([]);
  const count = items.length;

  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (event.metaKey || event.ctrlKey || event.altKey) return;
      if (event.key === "/" && !isTyping(document.activeElement)) {
        const search = document.getElementById("queue-search") as HTMLInputElement | null;
        if (search) {
          event.preventDefault();
          search.focus();
          search.select();
        }
        return;
      }
      if (isTyping(document.activeElement) || !count) return;
      if (event.key === "j" || event.key === "ArrowDown") {
        event.preventDefault();
        setActive((i) => Math.min(i + 1, count - 1));
      } else if (event.key === "k" || event.key === "ArrowUp") {
        event.preventDefault();
        setActive((i) => Math.max(i - 1, 0));
      } else if (
        event.key === "Enter" &&
        document.activeElement?.tagName !== "A" &&
        document.activeElement?.tagName !== "BUTTON"
      ) {
        event.preventDefault();
        router.push(`/tickets/${items[active]?.number}`);
      } else if (event.key === "x" && canBulk) {
        const number = items[active]?.number;
        if (number) setSelected((s) => toggle(s, number));
      }
    }
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [active, count, items, router, canBulk]);

  useEffect(() => {
    if (active >= count) setActive(Math.max(count - 1, 0));
    rows.current[active]?.scrollIntoView({ block: "nearest" });
  }, [active, count]);

  const visible = new Set(items.map((i) => i.number));
  const chosen = [...selected].filter((n) => visible.has(n));

  return (
    <div>
      {canBulk && chosen.length ? (
        <ActionForm
          action={bulkAction}
          onSuccess={() => setSelected(new Set())}
          className="sticky top-14 z-10 mb-3 flex flex-wrap items-center gap-2 rounded-lg border border-brand-200 bg-brand-50 px-3 py-2 dark:border-brand-900 dark:bg-brand-950"
          aria-label={t("bulkHeading")}
        >
          {chosen.map((n) => (
            <input key={n} type="hidden" name="numbers" value={n} />
          ))}
          <span className="text-sm font-medium" data-testid="bulk-count">
            {t("selected", { count: chosen.length })}
          </span>
          {(
            [
              ["assigneeId", t("bulkAssign"), assignees],
              ["status", t("bulkStatus"), statuses],
              ["priority", t("bulkPriority"), priorities],
            ] as const
          ).map(([name, label, options]) => (
            <Select key={name} name={name} defaultValue="" className="h-8 w-auto text-sm" aria-label={label}>
              <option value="">{label}</option>
              {options.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </Select>
          ))}
          <SubmitButton size="sm">{t("apply")}</SubmitButton>
          <button
            type="button"
            className="text-sm text-zinc-600 underline dark:text-zinc-400"
            onClick={() => setSelected(new Set())}
          >
            {t("clearSelection")}
          </button>
        </ActionForm>
      ) : null}
      <ul className="divide-y divide-zinc-100 dark:divide-zinc-800" aria-label={t("rows")} data-testid="queue">
        {items.map((row, index) => {
          const isActive = index === active;
          const isSelected = selected.has(row.number);
          return (
            <li
              key={row.id}
              className={cn(
                "flex items-stretch",
                isActive && "bg-brand-50/70 shadow-[inset_3px_0_0] shadow-brand-500 dark:bg-brand-950/40",
                isSelected && "bg-brand-50 dark:bg-brand-950/60",
              )}
              data-active={isActive ? "true" : undefined}
            >
              {canBulk ? (
                <label className="flex shrink-0 items-center px-3 sm:px-4">
                  <span className="sr-only">{t("select", { number: row.number })}</span>
                  <input
                    type="checkbox"
                    checked={isSelected}
                    onChange={() => setSelected((s) => toggle(s, row.number))}
                    className="size-4 rounded border-zinc-300"
                  />
                </label>
              ) : null}
              <Link
                ref={(el) => {
                  rows.current[index] = el;
                }}
                href={`/tickets/${row.number}`}
                onFocus={() => setActive(index)}
                className={cn(
                  "grid min-w-0 flex-1 grid-cols-[auto_1fr] gap-x-3 gap-y-1 py-3 pr-4 hover:bg-zinc-50 sm:grid-cols-[auto_1fr_auto] sm:pr-5 dark:hover:bg-zinc-800/50",
                  !canBulk && "pl-4 sm:pl-5",
                )}
                data-testid={`ticket-${row.number}`}
              >
                <span className="pt-0.5">
                  <Pill tone={PRIORITY_TONE[row.priority] ?? "neutral"}>
                    <span className="font-semibold tabular-nums">{row.priority}</span>
                  </Pill>
                </span>
                <div className="min-w-0">
                  <p className="flex min-w-0 flex-wrap items-center gap-x-2">
                    <span className="font-mono text-xs text-zinc-500">{row.number}</span>
                    <span className="min-w-0 font-medium break-words">{row.title}</span>
                  </p>
                  <p className="mt-1 flex flex-wrap items-center gap-x-2 gap-y-1 text-sm text-zinc-500 dark:text-zinc-400">
                    <Pill tone={row.statusTone}>{row.statusLabel}</Pill>
                    {row.isMajor ? <Pill tone="red">{t("major")}</Pill> : null}
                    <span>{row.typeLabel}</span>
                    {row.teamName ? <span>· {row.teamName}</span> : null}
                    <span>· {row.assigneeName ?? t("unassigned")}</span>
                    {row.serviceName ? <span className="hidden sm:inline">· {row.serviceName}</span> : null}
                  </p>
                </div>
                <span className="col-start-2 flex flex-wrap items-center gap-x-2 gap-y-1 sm:col-start-3 sm:row-start-1 sm:flex-col sm:items-end">
                  <time dateTime={row.createdIso} className="text-sm whitespace-nowrap text-zinc-500">
                    {row.createdLabel}
                  </time>
                  <SlaBadge badge={row.sla} />
                </span>
              </Link>
            </li>
          );
        })}
      </ul>
      <p className="hidden border-t border-zinc-100 px-5 py-2 text-xs text-zinc-500 sm:block dark:border-zinc-800">
        {t("keyboardHint")}
      </p>
    </div>
  );
}

function toggle(set: Set<string>, value: string) {
  const next = new Set(set);
  if (next.has(value)) next.delete(value);
  else next.add(value);
  return next;
}
