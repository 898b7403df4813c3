import { ExternalLink } from "lucide-react";
import { getTranslations } from "next-intl/server";
import { LocalTime } from "@/components/ui/local-time";
import type { Alert } from "@/db/schema";
import { AlertStatusBadge, SeverityBadge } from "./badges";

function isSafeUrl(value: string | null): value is string {
  return !!value && /^https?:\/\//i.test(value);
}

// Labels and annotations come from senders: rendered as text, links only when they are http(s).
export async function AlertCard({ alert }: { alert: Alert }) {
  const t = await getTranslations("alerts");
  const labels = Object.entries(alert.labels).sort(([a], [b]) => a.localeCompare(b));
  const annotations = Object.entries(alert.annotations);
  return (
    <article className="px-4 py-4 sm:px-5" data-testid={`alert-${alert.fingerprint}`}>
      <div className="flex flex-wrap items-center gap-2">
        <AlertStatusBadge status={alert.status} isSuppressed={alert.isSuppressed} />
        <SeverityBadge severity={alert.severity} />
        <span className="font-medium break-words">{alert.summary || alert.alertname}</span>
      </div>
      <p className="mt-1 flex flex-wrap gap-x-3 gap-y-1 text-xs text-zinc-500">
        <span className="font-mono break-all">{alert.fingerprint}</span>
        <span>{t("events", { count: alert.eventCount })}</span>
        <span>
          {t("firstSeen")} <LocalTime value={alert.firstSeenAt} />
        </span>
        <span>
          {t("lastSeen")} <LocalTime value={alert.lastSeenAt} />
        </span>
      </p>
      {labels.length ? (
        <ul className="mt-2 flex flex-wrap gap-1.5" aria-label={t("labels")}>
          {labels.map(([key, value]) => (
            <li
              key={key}
              className="rounded bg-zinc-100 px-1.5 py-0.5 font-mono text-xs break-all text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300"
            >
              {key}={value}
            </li>
          ))}
        </ul>
      ) : null}
      {annotations.length ? (
        <dl className="mt-3 grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[10rem_1fr]">
          {annotations.map(([key, value]) => (
            <div key={key} className="contents">
              <dt className="text-zinc-500">{key}</dt>
              <dd className="min-w-0 break-words whitespace-pre-wrap">{value}</dd>
            </div>
          ))}
        </dl>
      ) : null}
      <div className="mt-2 flex flex-wrap gap-3 text-sm">
        {isSafeUrl(alert.generatorUrl) ? (
          <a
            href={alert.generatorUrl}
            target="_blank"
            rel="noopener noreferrer"
            className="inline-flex items-center gap-1 text-brand-600 hover:underline dark:text-brand-400"
          >
            <ExternalLink className="size-3.5" aria-hidden />
            {t("source")}
          </a>
        ) : null}
        {alert.links
          .filter((l) => isSafeUrl(l.href))
          .map((link) => (
            <a
              key={link.href}
              href={link.href}
              target="_blank"
              rel="noopener noreferrer"
              className="inline-flex items-center gap-1 text-brand-600 hover:underline dark:text-brand-400"
            >
              <ExternalLink className="size-3.5" aria-hidden />
              {link.text || link.href}
            </a>
          ))}
      </div>
    </article>
  );
}
