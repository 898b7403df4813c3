"use client";

import { RefreshCw } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { ActionForm, type FormState, SubmitButton } from "@/components/forms/action-form";
import { KeyReveal } from "./key-reveal";

export function RotateKeyForm({
  action,
  integrationId,
  name,
}: {
  action: (state: FormState, form: FormData) => Promise<FormState>;
  integrationId: string;
  name: string;
}) {
  const t = useTranslations("integrations");
  const [revealed, setRevealed] = useState<Record<string, string> | null>(null);
  return (
    <div className="space-y-3">
      <ActionForm
        action={action}
        confirm={t("rotateConfirm", { name })}
        onSuccess={(state) => setRevealed(state.data ?? null)}
        aria-label={t("rotate")}
      >
        <input type="hidden" name="integrationId" value={integrationId} />
        <SubmitButton size="sm" variant="secondary">
          <RefreshCw className="size-4" aria-hidden />
          {t("rotate")}
        </SubmitButton>
      </ActionForm>
      {revealed?.key ? <KeyReveal data={revealed} /> : null}
    </div>
  );
}
