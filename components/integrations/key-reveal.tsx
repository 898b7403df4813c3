"use client";

import { Check, Copy } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState } from "react";

export function CopyButton({ value, label }: { value: string; label: string }) {
  const [isCopied, setCopied] = useState(false);
  return (
    <button
      type="button"
      onClick={() => navigator.clipboard?.writeText(value).then(() => setCopied(true))}
      className="inline-flex size-9 shrink-0 items-center justify-center rounded-md border border-amber-300 hover:bg-amber-100 dark:border-amber-800 dark:hover:bg-amber-900"
      aria-label={label}
    >
      {isCopied ? <Check className="size-4" /> : <Copy className="size-4" />}
    </button>
  );
}

// The key exists in the browser only here, once: nothing stores it and the page cannot show it again.
export function KeyReveal({ data }: { data: Record<string, string> }) {
  const t = useTranslations("integrations");
  return (
    <div
      className="space-y-3 rounded-lg border border-amber-300 bg-amber-50 p-4 dark:border-amber-800 dark:bg-amber-950"
      role="status"
    >
      <p className="text-sm font-medium text-amber-900 dark:text-amber-200">{t("shownOnce")}</p>
      <div>
        <p className="mb-1 text-xs font-medium text-amber-900 dark:text-amber-200">{t("key")}</p>
        <div className="flex items-center gap-2">
          <code
            data-testid="new-integration-key"
            className="min-w-0 flex-1 rounded bg-white px-2 py-1.5 font-mono text-xs break-all dark:bg-zinc-900"
          >
            {data.key}
          </code>
          <CopyButton value={data.key} label={t("copyKey")} />
        </div>
      </div>
      <div>
        <p className="mb-1 text-xs font-medium text-amber-900 dark:text-amber-200">{t("endpoint")}</p>
        <div className="flex items-center gap-2">
          <code className="min-w-0 flex-1 rounded bg-white px-2 py-1.5 font-mono text-xs break-all dark:bg-zinc-900">
            {data.url}
          </code>
          <CopyButton value={data.url} label={t("copyUrl")} />
        </div>
      </div>
      <div>
        <p className="mb-1 text-xs font-medium text-amber-900 dark:text-amber-200">
          {t(`snippetTitle.${data.kind as "alertmanager" | "grafana" | "pagerduty" | "generic"}`)}
        </p>
        <div className="flex items-start gap-2">
          <pre className="min-w-0 flex-1 overflow-x-auto rounded bg-white px-2 py-1.5 font-mono text-xs dark:bg-zinc-900">
            {data.snippet}
          </pre>
          <CopyButton value={data.snippet} label={t("copySnippet")} />
        </div>
      </div>
    </div>
  );
}
