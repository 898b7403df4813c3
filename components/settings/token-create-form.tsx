"use client";

import { Check, Copy, KeyRound } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { ActionForm, FieldError, type FormState, SubmitButton } from "@/components/forms/action-form";
import { Input, Label, Select } from "@/components/ui/input";

export function TokenCreateForm({ action }: { action: (state: FormState, form: FormData) => Promise<FormState> }) {
  const t = useTranslations("tokens");
  const [secret, setSecret] = useState<string | null>(null);
  const [isCopied, setCopied] = useState(false);
  return (
    <div className="space-y-4">
      <ActionForm
        action={action}
        className="grid gap-3 sm:grid-cols-[1fr_10rem_auto] sm:items-end"
        aria-label={t("create")}
        onSuccess={(state) => {
          setSecret(state.data?.secret ?? null);
          setCopied(false);
        }}
      >
        <div>
          <Label htmlFor="token-name">{t("name")}</Label>
          <Input id="token-name" name="name" placeholder={t("namePlaceholder")} maxLength={100} />
          <FieldError name="name" />
        </div>
        <div>
          <Label htmlFor="token-expiry">{t("expires")}</Label>
          <Select id="token-expiry" name="expiresInDays" defaultValue="90">
            <option value="30">{t("days", { count: 30 })}</option>
            <option value="90">{t("days", { count: 90 })}</option>
            <option value="365">{t("days", { count: 365 })}</option>
            <option value="">{t("never")}</option>
          </Select>
        </div>
        <SubmitButton>
          <KeyRound className="size-4" aria-hidden />
          {t("create")}
        </SubmitButton>
      </ActionForm>
      {secret ? (
        <div
          className="rounded-lg border border-amber-300 bg-amber-50 p-4 dark:border-amber-800 dark:bg-amber-950"
          role="status"
        >
          <p className="text-sm font-medium text-amber-900 dark:text-amber-200">{t("shownOnce")}</p>
          <div className="mt-2 flex items-center gap-2">
            <code
              data-testid="new-token"
              className="min-w-0 flex-1 rounded bg-white px-2 py-1.5 font-mono text-xs break-all dark:bg-zinc-900"
            >
              {secret}
            </code>
            <button
              type="button"
              onClick={() => navigator.clipboard?.writeText(secret).then(() => setCopied(true))}
              className="inline-flex size-9 shrink-0 items-center justify-center rounded-md border border-amber-300 hover:bg-amber-100 dark:border-amber-800 dark:hover:bg-amber-900"
              aria-label={t("copy")}
            >
              {isCopied ? <Check className="size-4" /> : <Copy className="size-4" />}
            </button>
          </div>
        </div>
      ) : null}
    </div>
  );
}
