"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { createTicketAction } from "@/app/(app)/tickets/actions";
import { ActionForm, FieldError, SubmitButton } from "@/components/forms/action-form";
import { Input, Label, Select, Textarea } from "@/components/ui/input";

type Option = { id: string; name: string };
const MATRIX = [
  ["P1", "P2", "P3"],
  ["P2", "P3", "P4"],
  ["P3", "P4", "P5"],
];

export function TicketCreateForm({
  services,
  assets,
  teams,
  agents,
  canMajor,
}: {
  services: Option[];
  assets: Option[];
  teams: Option[];
  agents: Option[];
  canMajor: boolean;
}) {
  const t = useTranslations("ticket");
  const [type, setType] = useState<"incident" | "service_request">("incident");
  const [impact, setImpact] = useState(2);
  const [urgency, setUrgency] = useState(2);
  const [isMajor, setMajor] = useState(false);
  const levels = [1, 2, 3];
  const select = (name: string, label: string, options: Option[], none: string) => (
    <div>
      <Label htmlFor={`n-${name}`}>{label}</Label>
      <Select id={`n-${name}`} name={name} defaultValue="">
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
  return (
    <ActionForm
      action={createTicketAction}
      resetOnSuccess={false}
      className="space-y-5"
      aria-label={t("createHeading")}
    >
      <fieldset>
        <legend className="mb-2 text-sm font-medium text-zinc-700 dark:text-zinc-300">{t("field.type")}</legend>
        <div className="grid grid-cols-2 gap-2">
          {(["incident", "service_request"] as const).map((v) => (
            <label
              key={v}
              className="flex cursor-pointer items-start gap-2 rounded-lg border border-zinc-200 p-3 text-sm has-[:checked]:border-brand-500 has-[:checked]:bg-brand-50 dark:border-zinc-700 dark:has-[:checked]:bg-brand-950"
            >
              <input
                type="radio"
                name="type"
                value={v}
                checked={type === v}
                onChange={() => {
                  setType(v);
                  setImpact(v === "incident" ? 2 : 3);
                  setUrgency(v === "incident" ? 2 : 3);
                }}
                className="mt-0.5"
              />
              <span>
                <span className="block font-medium">{t(`type.${v}`)}</span>
                <span className="block text-xs text-zinc-500">{t(`typeHint.${v}`)}</span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>
      <div>
        <Label htmlFor="n-title">{t("field.title")}</Label>
        <Input id="n-title" name="title" maxLength={300} />
        <FieldError name="title" />
      </div>
      <div>
        <Label htmlFor="n-description">{t("field.description")}</Label>
        <Textarea id="n-description" name="description" rows={6} />
        <p className="mt-1 text-xs text-zinc-500">{t("markdownHint")}</p>
        <FieldError name="description" />
      </div>
      <div className="grid grid-cols-2 gap-3 sm:grid-cols-3">
        <div>
          <Label htmlFor="n-impact">{t("field.impact")}</Label>
          <Select id="n-impact" name="impact" value={impact} onChange={(e) => setImpact(Number(e.target.value))}>
            {levels.map((l) => (
              <option key={l} value={l}>
                {t(`level.${l}`)}
              </option>
            ))}
          </Select>
        </div>
        <div>
          <Label htmlFor="n-urgency">{t("field.urgency")}</Label>
          <Select id="n-urgency" name="urgency" value={urgency} onChange={(e) => setUrgency(Number(e.target.value))}>
            {levels.map((l) => (
              <option key={l} value={l}>
                {t(`level.${l}`)}
              </option>
            ))}
          </Select>
        </div>
        <div className="col-span-2 sm:col-span-1">
          <p className="mb-1 text-sm font-medium text-zinc-700 dark:text-zinc-300">{t("field.priority")}</p>
          <p className="flex h-10 items-center gap-2 text-sm">
            <span className="rounded bg-zinc-100 px-2 py-0.5 font-semibold dark:bg-zinc-800">
              {isMajor ? "P1" : MATRIX[impact - 1][urgency - 1]}
            </span>
            <span className="text-zinc-500">{isMajor ? t("majorOverride") : t("fromMatrix")}</span>
          </p>
        </div>
      </div>
      {canMajor && type === "incident" ? (
        <label className="flex items-start gap-2 text-sm">
          <input
            type="checkbox"
            name="isMajor"
            checked={isMajor}
            onChange={(e) => setMajor(e.target.checked)}
            className="mt-0.5 size-4"
          />
          <span>
            <span className="font-medium">{t("field.isMajor")}</span>
            <span className="block text-xs text-zinc-500">{t("majorHint")}</span>
          </span>
        </label>
      ) : null}
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
        {select("serviceId", t("field.serviceId"), services, t("none"))}
        {select("assetId", t("field.assetId"), assets, t("none"))}
        {select("teamId", t("field.teamId"), teams, t("routeAutomatically"))}
        {select("assigneeId", t("field.assigneeId"), agents, t("assignAutomatically"))}
      </div>
      <div className="flex justify-end">
        <SubmitButton size="lg">{t("create")}</SubmitButton>
      </div>
    </ActionForm>
  );
}
