"use client";

import { clsx } from "clsx";
import { type ReactNode, useState } from "react";
import { ActionForm, FieldError, SubmitButton } from "@/components/forms/action-form";
import type { FormState } from "@/lib/form-state";

// Words and icons come from the server (components/oncall/phone-actions.tsx), so the phone pages ship neither
// next-intl's runtime nor the icon library.
type Action = (state: FormState, form: FormData) => Promise<FormState>;
type Props<L> = { number: string; action: Action; labels: L };

const BIG = "h-14 w-full rounded-xl text-base font-semibold";

export function AcknowledgeButton({
  number,
  action,
  labels,
  icon,
  compact,
}: Props<{ acknowledge: string }> & { icon: ReactNode; compact?: boolean }) {
  return (
    <ActionForm action={action} aria-label={labels.acknowledge} showSuccess={false}>
      <input type="hidden" name="number" value={number} />
      <SubmitButton className={compact ? "h-12 w-full rounded-lg text-base" : BIG} data-testid="ack">
        {icon}
        {labels.acknowledge}
      </SubmitButton>
    </ActionForm>
  );
}

export function EscalateButton({
  number,
  action,
  labels,
  icon,
  className,
}: Props<{ escalate: string; escalateConfirm: string }> & { icon: ReactNode; className?: string }) {
  return (
    <ActionForm action={action} aria-label={labels.escalate} confirm={labels.escalateConfirm} className={className}>
      <input type="hidden" name="number" value={number} />
      <SubmitButton variant="secondary" className={BIG} data-testid="escalate">
        {icon}
        {labels.escalate}
      </SubmitButton>
    </ActionForm>
  );
}

export type ResolveLabels = {
  resolve: string;
  resolutionCode: string;
  codes: { value: string; label: string }[];
  resolutionNote: string;
  resolutionNotePlaceholder: string;
  cancel: string;
  resolveConfirm: string;
};

export function ResolveSheet({
  number,
  action,
  labels,
  icon,
  className,
}: Props<ResolveLabels> & { icon: ReactNode; className?: string }) {
  const [isOpen, setIsOpen] = useState(false);
  if (!isOpen) {
    return (
      <button
        type="button"
        onClick={() => setIsOpen(true)}
        className={clsx(
          BIG,
          className,
          "inline-flex items-center justify-center gap-2 bg-emerald-600 text-white shadow-sm hover:bg-emerald-700",
        )}
        data-testid="resolve"
      >
        {icon}
        {labels.resolve}
      </button>
    );
  }
  return (
    <ActionForm
      action={action}
      aria-label={labels.resolve}
      className="col-span-2 space-y-3 rounded-xl border border-emerald-200 bg-emerald-50/60 p-4 dark:border-emerald-900 dark:bg-emerald-950/30"
    >
      <input type="hidden" name="number" value={number} />
      <label className="block text-sm font-medium" htmlFor="resolution-code">
        {labels.resolutionCode}
      </label>
      <select
        id="resolution-code"
        name="resolutionCode"
        defaultValue="fixed"
        className="h-12 w-full rounded-lg border border-zinc-300 bg-white px-3 text-base dark:border-zinc-700 dark:bg-zinc-900"
      >
        {labels.codes.map((code) => (
          <option key={code.value} value={code.value}>
            {code.label}
          </option>
        ))}
      </select>
      <label className="block text-sm font-medium" htmlFor="resolution-note">
        {labels.resolutionNote}
      </label>
      <textarea
        id="resolution-note"
        name="note"
        rows={3}
        maxLength={5000}
        placeholder={labels.resolutionNotePlaceholder}
        className="w-full rounded-lg border border-zinc-300 bg-white px-3 py-2 text-base dark:border-zinc-700 dark:bg-zinc-900"
      />
      <FieldError name="note" />
      <div className="grid grid-cols-2 gap-2">
        <button
          type="button"
          onClick={() => setIsOpen(false)}
          className="h-12 rounded-lg border border-zinc-300 bg-white text-base font-medium dark:border-zinc-700 dark:bg-zinc-900"
        >
          {labels.cancel}
        </button>
        <SubmitButton
          className="h-12 rounded-lg bg-emerald-600 text-base hover:bg-emerald-700"
          data-testid="resolve-confirm"
        >
          {labels.resolveConfirm}
        </SubmitButton>
      </div>
    </ActionForm>
  );
}

export function NoteForm({
  number,
  action,
  labels,
}: Props<{ addNote: string; notePlaceholder: string; saveNote: string }>) {
  return (
    <ActionForm action={action} aria-label={labels.addNote} className="space-y-2">
      <input type="hidden" name="number" value={number} />
      <label htmlFor="phone-note" className="sr-only">
        {labels.addNote}
      </label>
      <textarea
        id="phone-note"
        name="body"
        rows={3}
        maxLength={20000}
        required
        placeholder={labels.notePlaceholder}
        className="w-full rounded-lg border border-zinc-300 bg-white px-3 py-2 text-base dark:border-zinc-700 dark:bg-zinc-900"
      />
      <FieldError name="body" />
      <SubmitButton variant="secondary" className="h-11 w-full rounded-lg text-base">
        {labels.saveNote}
      </SubmitButton>
    </ActionForm>
  );
}
