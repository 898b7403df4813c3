"use client";

import { ArrowUpCircle, CheckCircle2, CircleCheckBig } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { ActionForm, FieldError, SubmitButton } from "@/components/forms/action-form";
import { cn } from "@/components/ui/cn";
import type { FormState } from "@/lib/form-state";

type Action = (state: FormState, form: FormData) => Promise<FormState>;

const BIG = "h-14 w-full rounded-xl text-base font-semibold";

export function AcknowledgeButton({ number, action, compact }: { number: string; action: Action; compact?: boolean }) {
  const t = useTranslations("phone");
  return (
    <ActionForm action={action} aria-label={t("acknowledge")} showSuccess={false}>
      <input type="hidden" name="number" value={number} />
      <SubmitButton className={cn(compact ? "h-12 w-full rounded-lg text-base" : BIG)} data-testid="ack">
        <CheckCircle2 className="size-5" aria-hidden />
        {t("acknowledge")}
      </SubmitButton>
    </ActionForm>
  );
}

export function EscalateButton({ number, action, className }: { number: string; action: Action; className?: string }) {
  const t = useTranslations("phone");
  return (
    <ActionForm
      action={action}
      aria-label={t("escalate")}
      confirm={t("escalateConfirm", { number })}
      className={className}
    >
      <input type="hidden" name="number" value={number} />
      <SubmitButton variant="secondary" className={BIG} data-testid="escalate">
        <ArrowUpCircle className="size-5" aria-hidden />
        {t("escalate")}
      </SubmitButton>
    </ActionForm>
  );
}

export function ResolveSheet({ number, action, className }: { number: string; action: Action; className?: string }) {
  const t = useTranslations("phone");
  const [isOpen, setIsOpen] = useState(false);
  if (!isOpen) {
    return (
      <button
        type="button"
        onClick={() => setIsOpen(true)}
        className={cn(
          BIG,
          className,
          "inline-flex items-center justify-center gap-2 bg-emerald-600 text-white shadow-sm hover:bg-emerald-700",
        )}
        data-testid="resolve"
      >
        <CircleCheckBig className="size-5" aria-hidden />
        {t("resolve")}
      </button>
    );
  }
  return (
    <ActionForm
      action={action}
      aria-label={t("resolve")}
      className="col-span-2 space-y-3 rounded-xl border border-emerald-200 bg-emerald-50/60 p-4 dark:border-emerald-900 dark:bg-emerald-950/30"
    >
      <input type="hidden" name="number" value={number} />
      <label className="block text-sm font-medium" htmlFor="resolution-code">
        {t("resolutionCode")}
      </label>
      <select
        id="resolution-code"
        name="resolutionCode"
        defaultValue="fixed"
        className="h-12 w-full rounded-lg border border-zinc-300 bg-white px-3 text-base dark:border-zinc-700 dark:bg-zinc-900"
      >
        {(["fixed", "workaround", "no_fault_found"] as const).map((code) => (
          <option key={code} value={code}>
            {t(`code.${code}`)}
          </option>
        ))}
      </select>
      <label className="block text-sm font-medium" htmlFor="resolution-note">
        {t("resolutionNote")}
      </label>
      <textarea
        id="resolution-note"
        name="note"
        rows={3}
        maxLength={5000}
        placeholder={t("resolutionNotePlaceholder")}
        className="w-full rounded-lg border border-zinc-300 bg-white px-3 py-2 text-base dark:border-zinc-700 dark:bg-zinc-900"
      />
      <FieldError name="note" />
      <div className="grid grid-cols-2 gap-2">
        <button
          type="button"
          onClick={() => setIsOpen(false)}
          className="h-12 rounded-lg border border-zinc-300 bg-white text-base font-medium dark:border-zinc-700 dark:bg-zinc-900"
        >
          {t("cancel")}
        </button>
        <SubmitButton
          className="h-12 rounded-lg bg-emerald-600 text-base hover:bg-emerald-700"
          data-testid="resolve-confirm"
        >
          {t("resolveConfirm")}
        </SubmitButton>
      </div>
    </ActionForm>
  );
}

export function NoteForm({ number, action }: { number: string; action: Action }) {
  const t = useTranslations("phone");
  return (
    <ActionForm action={action} aria-label={t("addNote")} className="space-y-2">
      <input type="hidden" name="number" value={number} />
      <label htmlFor="phone-note" className="sr-only">
        {t("addNote")}
      </label>
      <textarea
        id="phone-note"
        name="body"
        rows={3}
        maxLength={20000}
        required
        placeholder={t("notePlaceholder")}
        className="w-full rounded-lg border border-zinc-300 bg-white px-3 py-2 text-base dark:border-zinc-700 dark:bg-zinc-900"
      />
      <FieldError name="body" />
      <SubmitButton variant="secondary" className="h-11 w-full rounded-lg text-base">
        {t("saveNote")}
      </SubmitButton>
    </ActionForm>
  );
}
