"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { createTicketAction } from "@/app/(app)/tickets/actions";
import { ActionForm, FieldError, SubmitButton } from "@/components/forms/action-form";
import { type Option, PriorityFields, type PriorityValue, RefSelects } from "@/components/tickets/priority-fields";
import { Input, Label, Textarea } from "@/components/ui/input";

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
  const [priority, setPriority] = useState<PriorityValue>({ impact: 2, urgency: 2, isMajor: false });
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
                  setPriority(
                    v === "incident"
                      ? { impact: 2, urgency: 2, isMajor: false }
                      : { impact: 3, urgency: 3, isMajor: false },
                  );
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
      <PriorityFields idPrefix="n" value={priority} onChange={setPriority} canMajor={canMajor && type === "incident"} />
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
        <RefSelects
          idPrefix="n"
          options={{ services, assets, teams, agents }}
          none={{
            teamId: t("routeAutomatically"),
            assigneeId: t("assignAutomatically"),
            serviceId: t("none"),
            assetId: t("none"),
          }}
        />
      </div>
      <div className="flex justify-end">
        <SubmitButton size="lg">{t("create")}</SubmitButton>
      </div>
    </ActionForm>
  );
}
