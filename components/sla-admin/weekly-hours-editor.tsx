"use client";

import { Plus, X } from "lucide-react";
import { useId, useState } from "react";
import { FieldError } from "@/components/forms/action-form";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";

type Range = { day: number; start: string; end: string };
type Row = Range & { key: number };

const DAYS = [1, 2, 3, 4, 5, 6, 7] as const;

// Days Monday to Sunday, each with its ranges; inputs go out in this order so field errors (<name>.<i>.start) find their row.
export function WeeklyHoursEditor({
  initial,
  labels,
  name = "hours",
}: {
  initial: Range[];
  name?: string;
  labels: {
    days: Record<string, string>;
    closed: string;
    addRange: string;
    removeRange: string;
    start: Record<string, string>;
    end: Record<string, string>;
  };
}) {
  const prefix = useId();
  const [rows, setRows] = useState<Row[]>(() => initial.map((r, key) => ({ ...r, key })));
  const [nextKey, setNextKey] = useState(initial.length);
  let index = 0;

  function add(day: number) {
    setRows((current) => [...current, { day, start: "", end: "", key: nextKey }]);
    setNextKey((k) => k + 1);
  }

  return (
    <div className="divide-y divide-zinc-100 rounded-md border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800">
      {DAYS.map((day) => {
        const ranges = rows.filter((r) => r.day === day);
        return (
          <div key={day} className="flex items-start gap-2 px-2 py-2" data-testid={`hours-day-${day}`}>
            <span className="w-8 shrink-0 pt-2 text-sm font-medium text-zinc-700 dark:text-zinc-300">
              {labels.days[day]}
            </span>
            <div className="min-w-0 flex-1 space-y-2">
              {ranges.length === 0 ? (
                <p className="pt-2 text-sm text-zinc-500 dark:text-zinc-400">{labels.closed}</p>
              ) : null}
              {ranges.map((r) => {
                const i = index++;
                return (
                  <div key={r.key}>
                    <div className="flex items-center gap-1.5">
                      <input type="hidden" name={`${name}.day`} value={day} />
                      <Input
                        id={`${prefix}-${r.key}-start`}
                        name={`${name}.start`}
                        defaultValue={r.start}
                        placeholder="09:00"
                        inputMode="numeric"
                        maxLength={5}
                        aria-label={labels.start[day]}
                        className="w-[4.75rem] px-2 text-center font-mono"
                      />
                      <span className="text-zinc-400" aria-hidden>
                        –
                      </span>
                      <Input
                        id={`${prefix}-${r.key}-end`}
                        name={`${name}.end`}
                        defaultValue={r.end}
                        placeholder="18:00"
                        inputMode="numeric"
                        maxLength={5}
                        aria-label={labels.end[day]}
                        className="w-[4.75rem] px-2 text-center font-mono"
                      />
                      <Button
                        variant="ghost"
                        size="sm"
                        className="w-8 shrink-0 px-0"
                        aria-label={`${labels.removeRange} (${labels.days[day]})`}
                        title={labels.removeRange}
                        onClick={() => setRows((current) => current.filter((x) => x.key !== r.key))}
                      >
                        <X className="size-4" aria-hidden />
                      </Button>
                    </div>
                    <FieldError name={`${name}.${i}.start`} />
                    <FieldError name={`${name}.${i}.end`} />
                    <FieldError name={`${name}.${i}.day`} />
                  </div>
                );
              })}
            </div>
            <Button
              variant="ghost"
              size="sm"
              className="shrink-0 px-2"
              aria-label={`${labels.addRange} (${labels.days[day]})`}
              title={labels.addRange}
              onClick={() => add(day)}
            >
              <Plus className="size-4" aria-hidden />
            </Button>
          </div>
        );
      })}
      <div className="px-2 py-1 empty:hidden">
        <FieldError name={name} />
      </div>
    </div>
  );
}
