"use client";

import { useTranslations } from "next-intl";
import { useRef, useState } from "react";
import { updateTicketAction } from "@/app/(app)/tickets/actions";
import { ActionForm, FieldError, SubmitButton, useFormState } from "@/components/forms/action-form";
import { Input, Label, Select, Textarea } from "@/components/ui/input";

type Option = { id: string; name: string };
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

const MATRIX = [
  ["P1", "P2", "P3"],
  ["P2", "P3", "P4"],
  ["P3", "P4", "P5"],
];

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
  const [impact, setImpact] = useState(ticket.impact);
  const [urgency, setUrgency] = useState(ticket.urgency);
  const [isMajor, setMajor] = useState(ticket.isMajor);
  const priority = isMajor ? "P1" : MATRIX[impact - 1][urgency - 1];
  const levels = [1, 2, 3] as const;
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
      <div className="grid grid-cols-2 gap-3">
        <div>
          <Label htmlFor="t-impact">{t("field.impact")}</Label>
          <Select id="t-impact" name="impact" value={impact} onChange={(e) => setImpact(Number(e.target.value))}>
            {levels.map((l) => (
              <option key={l} value={l}>
                {t(`level.${l}`)}
              </option>
            ))}
          </Select>
        </div>
        <div>
          <Label htmlFor="t-urgency">{t("field.urgency")}</Label>
          <Select id="t-urgency" name="urgency" value={urgency} onChange={(e) => setUrgency(Number(e.target.value))}>
            {levels.map((l) => (
              <option key={l} value={l}>
                {t(`level.${l}`)}
              </option>
            ))}
          </Select>
        </div>
        <div className="col-span-2">
          <p className="flex items-center gap-2 text-sm" data-testid="priority-preview">
            <span className="text-zinc-700 dark:text-zinc-300">{t("field.priority")}</span>
            <span className="rounded bg-zinc-100 px-2 py-0.5 font-semibold tabular-nums dark:bg-zinc-800">
              {priority}
            </span>
            <span className="text-zinc-500">{isMajor ? t("majorOverride") : t("fromMatrix")}</span>
          </p>
        </div>
      </div>
      {canMajor ? (
        <label className="flex items-start gap-2 text-sm">
          <input type="hidden" name="isMajorField" value="1" />
          <input
            type="checkbox"
            name="isMajor"
            checked={isMajor}
            onChange={(e) => setMajor(e.target.checked)}
            className="mt-0.5 size-4 rounded border-zinc-300"
          />
          <span>
            <span className="font-medium">{t("field.isMajor")}</span>
            <span className="block text-xs text-zinc-500">{t("majorHint")}</span>
          </span>
        </label>
      ) : null}
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-1">
        <OptionSelect name="teamId" label={t("field.teamId")} options={teams} value={ticket.teamId} none={t("none")} />
        <OptionSelect
          name="assigneeId"
          label={t("field.assigneeId")}
          options={agents}
          value={ticket.assigneeId}
          none={t("unassigned")}
        />
        <OptionSelect
          name="serviceId"
          label={t("field.serviceId")}
          options={services}
          value={ticket.serviceId}
          none={t("none")}
        />
        <OptionSelect
          name="assetId"
          label={t("field.assetId")}
          options={assets}
          value={ticket.assetId}
          none={t("none")}
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

function OptionSelect({
  name,
  label,
  options,
  value,
  none,
}: {
  name: string;
  label: string;
  options: Option[];
  value: string | null;
  none: string;
}) {
  return (
    <div>
      <Label htmlFor={`t-${name}`}>{label}</Label>
      <Select id={`t-${name}`} name={name} defaultValue={value ?? ""}>
        <option value="">{none}</option>
        {options.map((o) => (
          <option key={o.id} value={o.id}>
            {o.name}
          </option>
        ))}
      </Select>
      <FieldError name={name} />
    </div>
  );
}
