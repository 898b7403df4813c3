import { ArrowDown, ArrowUp, ChevronDown } from "lucide-react";
import { getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { ActionForm, type FormState, SubmitButton } from "@/components/forms/action-form";

type Action = (state: FormState, form: FormData) => Promise<FormState>;

function MoveButton({
  action,
  idName,
  id,
  direction,
  label,
  disabled,
}: {
  action: Action;
  idName: string;
  id: string;
  direction: "up" | "down";
  label: string;
  disabled: boolean;
}) {
  const Icon = direction === "up" ? ArrowUp : ArrowDown;
  return (
    <ActionForm action={action}>
      <input type="hidden" name={idName} value={id} />
      <input type="hidden" name="direction" value={direction} />
      <SubmitButton
        variant="ghost"
        size="sm"
        className="w-8 px-0 disabled:opacity-30"
        aria-label={label}
        title={label}
        disabled={disabled}
      >
        <Icon className="size-4" aria-hidden />
      </SubmitButton>
    </ActionForm>
  );
}

// A row of an ordered list (routing rules, SLA policies): move buttons and position beside it, its edit form folded under it.
export async function OrderedRow({
  testId,
  label,
  idName,
  id,
  index,
  count,
  moveAction,
  moveLabels,
  summary,
  children,
}: {
  testId: string;
  label: string;
  idName: string;
  id: string;
  index: number;
  count: number;
  moveAction: Action;
  moveLabels: { up: string; down: string };
  summary: ReactNode;
  children: ReactNode;
}) {
  const tc = await getTranslations("common");
  const move = { action: moveAction, idName, id };
  return (
    <li className="flex gap-2 px-3 py-3 sm:gap-3 sm:px-5" data-testid={`${testId}-${id}`} aria-label={label}>
      <div className="flex shrink-0 flex-col items-center">
        <MoveButton {...move} direction="up" label={moveLabels.up} disabled={index === 0} />
        <span className="py-0.5 font-mono text-xs text-zinc-500" data-testid={`${testId}-position`}>
          {index + 1}
        </span>
        <MoveButton {...move} direction="down" label={moveLabels.down} disabled={index === count - 1} />
      </div>
      <details className="group min-w-0 flex-1">
        <summary className="flex cursor-pointer list-none items-start gap-3 rounded-md [&::-webkit-details-marker]:hidden">
          <div className="min-w-0 flex-1 space-y-1.5">{summary}</div>
          <span className="mt-0.5 inline-flex shrink-0 items-center gap-1 text-sm text-brand-600 dark:text-brand-400">
            {tc("edit")}
            <ChevronDown className="size-4 transition-transform group-open:rotate-180" aria-hidden />
          </span>
        </summary>
        <div className="mt-3 rounded-md border border-zinc-200 bg-zinc-50/60 p-3 sm:p-4 dark:border-zinc-800 dark:bg-zinc-950/40">
          {children}
        </div>
      </details>
    </li>
  );
}

// "Type: Incident · Priority: P1, P2": the conditions a row applies under.
export function ConditionList({ conditions }: { conditions: { label: string; value: string }[] }) {
  return conditions.map((c, i) => (
    <span key={c.label}>
      {i ? <span className="text-zinc-400"> · </span> : null}
      <span className="text-zinc-500 dark:text-zinc-400">{c.label}:</span> {c.value}
    </span>
  ));
}
