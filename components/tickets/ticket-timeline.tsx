import {
  ArrowRightLeft,
  BellRing,
  FileText,
  GitMerge,
  Lock,
  MessageSquare,
  Paperclip,
  PlusCircle,
  Siren,
  Timer,
  UserRound,
} from "lucide-react";
import { getTranslations } from "next-intl/server";
import { describeNotification } from "@/components/incidents/timeline";
import { Badge } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";
import { LocalTime } from "@/components/ui/local-time";
import type { TicketPage } from "@/lib/tickets/page";
import { Markdown } from "./markdown";

type Entry = TicketPage["timeline"][number];
type Attachment = TicketPage["attachments"][number];
type T = Awaited<ReturnType<typeof getTranslations>>;

const ICONS = {
  created: PlusCircle,
  comment: MessageSquare,
  status_change: ArrowRightLeft,
  field_change: FileText,
  assignment: UserRound,
  alert_linked: Siren,
  alert_status: Siren,
  link: GitMerge,
  attachment: Paperclip,
  sla_mark: Timer,
  notification: BellRing,
} as const;

function formatValue(field: string, value: unknown, t: T, names: Map<string, string>): string {
  if (value === null || value === undefined || value === "") return "—";
  if (field === "isMajor") return value ? t("yes") : t("no");
  if (field === "impact" || field === "urgency") return t(`level.${value}`);
  if (typeof value === "string" && names.has(value)) return names.get(value) ?? value;
  if (Array.isArray(value)) return value.map((v) => names.get(String(v)) ?? String(v)).join(", ") || "—";
  return String(value);
}

function Summary({
  entry,
  t,
  ts,
  tl,
  tc,
  tn,
  names,
}: {
  entry: Entry;
  t: T;
  ts: T;
  tl: T;
  tc: T;
  tn: T;
  names: Map<string, string>;
}) {
  const data = (entry.data ?? {}) as Record<string, unknown>;
  switch (entry.kind) {
    case "created":
      return <>{t("timeline.created")}</>;
    case "comment":
      return <>{entry.visibility === "internal" ? t("timeline.internalNote") : t("timeline.publicReply")}</>;
    case "status_change":
      return (
        <>
          {t("timeline.status", { from: ts(String(data.from)), to: ts(String(data.to)) })}
          {data.resolutionCode ? ` · ${t(`resolution.${data.resolutionCode}`)}` : ""}
        </>
      );
    case "assignment": {
      const to = data.to ? (names.get(String(data.to)) ?? t("someone")) : null;
      const strategy = data.strategy && data.strategy !== "manual" ? ` (${t(`strategy.${data.strategy}`)})` : "";
      return <>{to ? `${t("timeline.assigned", { name: to })}${strategy}` : t("timeline.unassigned")}</>;
    }
    case "field_change": {
      if (data.routedBy) return <>{t("timeline.routed", { rule: String(data.routedBy) })}</>;
      const changes = (data.changes ?? []) as { field: string; from: unknown; to: unknown }[];
      return (
        <>
          {changes
            .map((c) =>
              c.field === "description"
                ? t("timeline.descriptionChanged")
                : `${t(`field.${c.field}`)}: ${formatValue(c.field, c.from, t, names)} → ${formatValue(c.field, c.to, t, names)}`,
            )
            .join(" · ")}
        </>
      );
    }
    case "link":
      return (
        <>
          {data.link === "duplicate_of"
            ? t("timeline.duplicateOf", { number: String(data.number) })
            : t("timeline.merged", { number: String(data.number), count: Number(data.comments ?? 0) })}
        </>
      );
    case "alert_linked":
      return <>{tl("alertLinked", { name: String(data.summary ?? data.alertname ?? data.fingerprint ?? "") })}</>;
    case "alert_status":
      return (
        <>
          {tl("alertStatus", {
            name: String(data.summary ?? data.alertname ?? data.fingerprint ?? ""),
            status: String(data.status ?? ""),
          })}
        </>
      );
    case "sla_mark":
      return (
        <>
          {tc(data.mark === "breach" ? "mark.breach" : "mark.warning", { metric: tc(`metric.${data.metric}`) })}
          {data.dueAt ? (
            <>
              {" · "}
              {tc("due")} <LocalTime value={String(data.dueAt)} />
            </>
          ) : null}
        </>
      );
    case "notification": {
      const line = describeNotification(data, tn, names);
      return <span className={line.isFailure ? "text-red-700 dark:text-red-400" : undefined}>{line.text}</span>;
    }
    default:
      return <>{entry.body || entry.kind}</>;
  }
}

function formatBytes(n: number) {
  return n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(0)} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`;
}

export function AttachmentLinks({
  number,
  files,
  base = "/tickets",
}: {
  number: string;
  files: Attachment[];
  base?: string;
}) {
  if (!files.length) return null;
  return (
    <ul className="mt-2 flex flex-wrap gap-2">
      {files.map((f) => (
        <li key={f.id}>
          <a
            href={`${base}/${number}/attachments/${f.id}`}
            className="inline-flex max-w-full items-center gap-1.5 rounded-md border border-zinc-200 px-2 py-1 text-xs hover:bg-zinc-50 dark:border-zinc-700 dark:hover:bg-zinc-800"
          >
            <Paperclip className="size-3.5 shrink-0" aria-hidden />
            <span className="truncate">{f.filename}</span>
            <span className="text-zinc-500">{formatBytes(f.sizeBytes)}</span>
          </a>
        </li>
      ))}
    </ul>
  );
}

export async function TicketTimeline({
  number,
  entries,
  attachments,
  names,
  attachmentBase,
}: {
  number: string;
  entries: Entry[];
  attachments: Attachment[];
  names: Map<string, string>;
  attachmentBase?: string;
}) {
  const t = await getTranslations("ticket");
  const ts = await getTranslations("ticketStatus");
  const tl = await getTranslations("timeline");
  const tc = await getTranslations("slaClock");
  const tn = await getTranslations("escalationTimeline");
  if (!entries.length) return <p className="px-4 py-6 text-sm text-zinc-500 sm:px-5">{tl("empty")}</p>;
  return (
    <ol className="px-4 py-4 sm:px-5" aria-label={t("timelineHeading")}>
      {entries.map((entry) => {
        const Icon = ICONS[entry.kind] ?? FileText;
        // Notifications are internal by nature; the lock and badge mark internal notes.
        const isInternal = entry.visibility === "internal" && entry.kind !== "notification";
        const files = attachments.filter((a) => a.activityId === entry.id);
        const mergedFrom = (entry.data as { mergedFrom?: string })?.mergedFrom;
        return (
          <li key={entry.id} className="relative flex gap-3 pb-5 last:pb-0" data-testid={`activity-${entry.kind}`}>
            <span
              className={cn(
                "mt-0.5 flex size-7 shrink-0 items-center justify-center rounded-full",
                entry.kind === "comment"
                  ? isInternal
                    ? "bg-amber-100 text-amber-700 dark:bg-amber-900/40 dark:text-amber-300"
                    : "bg-brand-50 text-brand-700 dark:bg-brand-900/40 dark:text-brand-300"
                  : (entry.data as { event?: string })?.event === "delivery_failed"
                    ? "bg-red-100 text-red-700 dark:bg-red-950 dark:text-red-300"
                    : "bg-zinc-100 text-zinc-500 dark:bg-zinc-800",
              )}
              aria-hidden
            >
              {isInternal ? <Lock className="size-3.5" /> : <Icon className="size-3.5" />}
            </span>
            <div className="min-w-0 flex-1">
              <p className="flex flex-wrap items-center gap-x-2 gap-y-1 text-sm">
                <span className="font-medium">
                  {entry.actorName ?? (entry.actorType === "system" ? tl("system") : entry.actorType)}
                </span>
                <span className="text-zinc-600 dark:text-zinc-400">
                  <Summary entry={entry} t={t} ts={ts} tl={tl} tc={tc} tn={tn} names={names} />
                </span>
                {isInternal ? <Badge tone="amber">{t("internal")}</Badge> : null}
                {mergedFrom ? <Badge tone="neutral">{t("mergedFrom", { number: mergedFrom })}</Badge> : null}
                <span className="text-xs text-zinc-500">
                  <LocalTime value={entry.createdAt} />
                </span>
              </p>
              {entry.body && entry.kind !== "created" ? (
                <div
                  className={cn(
                    "mt-1.5 rounded-lg border px-3 py-2",
                    isInternal
                      ? "border-amber-200 bg-amber-50/70 dark:border-amber-900 dark:bg-amber-950/30"
                      : "border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900",
                  )}
                >
                  <Markdown source={entry.body} />
                </div>
              ) : null}
              <AttachmentLinks number={number} files={files} base={attachmentBase} />
            </div>
          </li>
        );
      })}
    </ol>
  );
}
