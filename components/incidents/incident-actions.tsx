"use client";

import { Check, CheckCheck, RotateCcw } from "lucide-react";
import { useTranslations } from "next-intl";
import { acknowledgeIncidentAction, reopenIncidentAction, resolveIncidentAction } from "@/app/(app)/incidents/actions";
import { ActionForm, SubmitButton } from "@/components/forms/action-form";
import type { TicketStatus } from "@/db/schema";

const OPEN: TicketStatus[] = ["new", "acknowledged", "in_progress", "pending"];

// Large targets first: engineers use these from a phone.
export function IncidentActions({ number, status }: { number: string; status: TicketStatus }) {
  const t = useTranslations("incidents");
  const isOpen = OPEN.includes(status);
  return (
    <div className="flex flex-wrap gap-2">
      {status === "new" ? (
        <ActionForm action={acknowledgeIncidentAction}>
          <input type="hidden" name="number" value={number} />
          <SubmitButton size="lg">
            <Check className="size-4" aria-hidden />
            {t("acknowledge")}
          </SubmitButton>
        </ActionForm>
      ) : null}
      {isOpen ? (
        <ActionForm action={resolveIncidentAction}>
          <input type="hidden" name="number" value={number} />
          <SubmitButton size="lg" variant={status === "new" ? "secondary" : "primary"}>
            <CheckCheck className="size-4" aria-hidden />
            {t("resolve")}
          </SubmitButton>
        </ActionForm>
      ) : (
        <ActionForm action={reopenIncidentAction}>
          <input type="hidden" name="number" value={number} />
          <SubmitButton size="lg" variant="secondary">
            <RotateCcw className="size-4" aria-hidden />
            {t("reopen")}
          </SubmitButton>
        </ActionForm>
      )}
    </div>
  );
}
