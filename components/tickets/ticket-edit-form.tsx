"use client";

import { useTranslations } from "next-intl";
import { useRef, useState } from "react";
import { updateTicketAction } from "@/app/(app)/tickets/actions";
import { ActionForm, FieldError, SubmitButton, useFormState } from "@/components/forms/action-form";
import { type Option, PriorityFields, type PriorityValue, RefSelects } from "@/components/tickets/priority-fields";
import { Input, Label, Textarea } from "@/components/ui/input";

export type EditableTicket = {
  number: string;
  version: number;
  title: string;
  description: string;
  impact: number;
  urgency: number;
  isMajor: boolean;
  serviceId: string | null;
  assetId: string | null;
  teamId: string | null;
  assigneeId: string | null;
  parentNumber: string | null;
};

const EDIT_FIELDS = [
  "title",
  "description",
  "impact",
  "urgency",
  "isMajor",
  "serviceId",
  "assetId",
  "teamId",
  "assigneeId",
  "parentNumber",
] as const;

// What the form held when the user started: only fields that differ from it are sent, so a save after someone
// else's change never writes back the other fields' stale values.
function initialValues(ticket: EditableTicket): Record<string, string> {
  return {
    title: ticket.title,
    description: ticket.description,
    impact: String(ticket.impact),
    urgency: String(ticket.urgency),
    isMajor: ticket.isMajor ? "on" : "",
    serviceId: ticket.serviceId ?? "",
    assetId: ticket.assetId ?? "",
    teamId: ticket.teamId ?? "",
    assigneeId: ticket.assigneeId ?? "",
    parentNumber: ticket.parentNumber ?? "",
  };
}

function formValues(form: HTMLFormElement): Record<string, string> {
  const data = new FormData(form);
  return Object.fromEntries(EDIT_FIELDS.map((f) => [f, String(data.get(f) ?? "")]));
}

// The version the user started from: refreshes of the page must not move it, only a save or a stale warning.
function VersionField({ initial }: { initial: number }) {
  const { state } = useFormState();
  const [base] = useState(String(initial));
  return <input type="hidden" name="version" value={state.data?.version || base} />;
}

function StaleNotice() {
  const { state } = useFormState();
  const t = useTranslations("ticket");
  if (state.status !== "error" || state.data?.stale !== "1") return null;
  return (
    <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-800 dark:bg-amber-950 dark:text-amber-200">
      {t("staleHint")}
    </p>
  );
}

export function TicketEditForm({
  ticket,
  services,
  assets,
  teams,
  agents,
  canMajor,
}: {
  ticket: EditableTicket;
  services: Option[];
  assets: Option[];
  teams: Option[];
  agents: Option[];
  canMajor: boolean;
}) {
  const t = useTranslations("ticket");
  const [priority, setPriority] = useState<PriorityValue>({
    impact: ticket.impact,
    urgency: ticket.urgency,
    isMajor: ticket.isMajor,
  });
  const baselineRef = useRef<HTMLInputElement>(null);
  const [baseline, setBaseline] = useState(() => JSON.stringify(initialValues(ticket)));
  return (
    <ActionForm
      action={updateTicketAction}
      resetOnSuccess={false}
      className="space-y-4"
      aria-label={t("editHeading")}
      onSuccess={() => {
        const form = baselineRef.current?.form;
        if (form) setBaseline(JSON.stringify(formValues(form)));
      }}
    >
      <input type="hidden" name="number" value={ticket.number} />
      <input ref={baselineRef} type="hidden" name="baseline" value={baseline} />
      <VersionField initial={ticket.version} />
      <StaleNotice />
      <div>
        <Label htmlFor="t-title">{t("field.title")}</Label>
        <Input id="t-title" name="title" defaultValue={ticket.title} maxLength={300} required />
        <FieldError name="title" />
      </div>
      <div>
        <Label htmlFor="t-description">{t("field.description")}</Label>
        <Textarea id="t-description" name="description" defaultValue={ticket.description} rows={5} />
        <p className="mt-1 text-xs text-zinc-500">{t("markdownHint")}</p>
        <FieldError name="description" />
      </div>
      <PriorityFields idPrefix="t" value={priority} onChange={setPriority} canMajor={canMajor} isMajorFieldMarked />
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-1">
        <RefSelects
          idPrefix="t"
          options={{ services, assets, teams, agents }}
          values={ticket}
          none={{ teamId: t("none"), assigneeId: t("unassigned"), serviceId: t("none"), assetId: t("none") }}
        />
        <div>
          <Label htmlFor="t-parent">{t("field.parentId")}</Label>
          <Input id="t-parent" name="parentNumber" defaultValue={ticket.parentNumber ?? ""} placeholder="INC-000123" />
          <FieldError name="parentNumber" />
        </div>
      </div>
      <div className="flex justify-end">
        <SubmitButton>{t("save")}</SubmitButton>
      </div>
    </ActionForm>
  );
}
