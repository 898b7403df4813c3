"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { ActionForm, type FormState, SubmitButton } from "@/components/forms/action-form";
import { CopyButton } from "@/components/integrations/key-reveal";

type Action = (state: FormState, form: FormData) => Promise<FormState>;

// Creates or regenerates the feed address and shows it once, with a copy button; nothing stores it in the browser.
export function FeedControls({
  scheduleId,
  viewerId,
  hasFeed,
  issueAction,
  revokeAction,
}: {
  scheduleId: string;
  viewerId: string;
  hasFeed: boolean;
  issueAction: Action;
  revokeAction: Action;
}) {
  const t = useTranslations("schedules");
  const [url, setUrl] = useState<string | null>(null);
  return (
    <div className="space-y-3">
      <p className="text-sm text-zinc-600 dark:text-zinc-300">{hasFeed ? t("feedActive") : t("feedNone")}</p>
      <div className="flex flex-wrap items-start gap-2">
        <ActionForm
          action={issueAction}
          confirm={hasFeed ? t("feedRegenerateConfirm") : undefined}
          onSuccess={(state) => setUrl(state.data?.url ?? null)}
          showSuccess={false}
        >
          <input type="hidden" name="scheduleId" value={scheduleId} />
          <SubmitButton size="sm" variant={hasFeed ? "secondary" : "primary"}>
            {hasFeed ? t("feedRegenerate") : t("feedGenerate")}
          </SubmitButton>
        </ActionForm>
        {hasFeed ? (
          <ActionForm action={revokeAction} confirm={t("feedRevokeConfirm")} onSuccess={() => setUrl(null)}>
            <input type="hidden" name="scheduleId" value={scheduleId} />
            <SubmitButton size="sm" variant="danger-outline">
              {t("feedRevoke")}
            </SubmitButton>
          </ActionForm>
        ) : null}
      </div>
      {url ? (
        <div
          className="space-y-2 rounded-lg border border-amber-300 bg-amber-50 p-3 dark:border-amber-800 dark:bg-amber-950"
          role="status"
        >
          <p className="text-sm font-medium text-amber-900 dark:text-amber-200">{t("feedShownOnce")}</p>
          {[
            { key: "all", label: t("feedAll"), value: url, copy: t("copyUrl") },
            { key: "mine", label: t("feedMine"), value: `${url}?user=${viewerId}`, copy: t("copyMine") },
          ].map((link) => (
            <div key={link.key}>
              <p className="mb-1 text-xs font-medium text-amber-900 dark:text-amber-200">{link.label}</p>
              <div className="flex items-center gap-2">
                <code
                  data-testid={`feed-url-${link.key}`}
                  className="min-w-0 flex-1 rounded bg-white px-2 py-1.5 font-mono text-xs break-all dark:bg-zinc-900"
                >
                  {link.value}
                </code>
                <CopyButton value={link.value} label={link.copy} />
              </div>
            </div>
          ))}
        </div>
      ) : null}
    </div>
  );
}
