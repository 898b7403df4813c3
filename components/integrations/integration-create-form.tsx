"use client";

import { Plug } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { ActionForm, FieldError, type FormState, SubmitButton } from "@/components/forms/action-form";
import { Input, Label, Select } from "@/components/ui/input";
import { KeyReveal } from "./key-reveal";

type Option = { id: string; name: string };
const KINDS = ["alertmanager", "grafana", "pagerduty", "generic"] as const;

export function IntegrationCreateForm({
  action,
  services,
  teams,
}: {
  action: (state: FormState, form: FormData) => Promise<FormState>;
  services: Option[];
  teams: Option[];
}) {
  const t = useTranslations("integrations");
  const [revealed, setRevealed] = useState<Record<string, string> | null>(null);
  return (
    <div className="space-y-4">
      <ActionForm
        action={action}
        className="space-y-3"
        aria-label={t("new")}
        onSuccess={(state) => setRevealed(state.data ?? null)}
      >
        <div>
          <Label htmlFor="integration-kind">{t("kind")}</Label>
          <Select id="integration-kind" name="kind" defaultValue="alertmanager">
            {KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {t(`kinds.${kind}`)}
              </option>
            ))}
          </Select>
          <FieldError name="kind" />
        </div>
        <div>
          <Label htmlFor="integration-name">{t("name")}</Label>
          <Input id="integration-name" name="name" maxLength={100} placeholder={t("namePlaceholder")} />
          <FieldError name="name" />
        </div>
        <div>
          <Label htmlFor="integration-service">{t("service")}</Label>
          <Select id="integration-service" name="serviceId" defaultValue="">
            <option value="">{t("none")}</option>
            {services.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </Select>
          <FieldError name="serviceId" />
        </div>
        <div>
          <Label htmlFor="integration-team">{t("team")}</Label>
          <Select id="integration-team" name="teamId" defaultValue="">
            <option value="">{t("none")}</option>
            {teams.map((team) => (
              <option key={team.id} value={team.id}>
                {team.name}
              </option>
            ))}
          </Select>
          <FieldError name="teamId" />
        </div>
        <SubmitButton className="w-full">
          <Plug className="size-4" aria-hidden />
          {t("create")}
        </SubmitButton>
      </ActionForm>
      {revealed?.key ? <KeyReveal data={revealed} /> : null}
    </div>
  );
}
