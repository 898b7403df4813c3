import { ArrowLeft, Eye, Paperclip } from "lucide-react";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getFormatter, getTranslations } from "next-intl/server";
import { ActionForm, FieldError, SubmitButton } from "@/components/forms/action-form";
import { StatusBadge } from "@/components/incidents/badges";
import { PublicTimeline } from "@/components/requests/public-timeline";
import { AutoRefresh } from "@/components/ui/auto-refresh";
import { Card, CardHeader } from "@/components/ui/card";
import { Label, Textarea } from "@/components/ui/input";
import { LocalTime } from "@/components/ui/local-time";
import type { RequestField } from "@/db/schema";
import { requirePermission, userActor, userCtx } from "@/lib/auth/current-user";
import { can } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { loadTicketPage } from "@/lib/tickets/page";
import { isReadOnly } from "@/lib/tickets/status";
import { addRequestCommentAction } from "../actions";

export async function generateMetadata({ params }: { params: Promise<{ number: string }> }) {
  return { title: (await params).number };
}

function formatBytes(bytes: number) {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export default async function RequestPage({ params }: { params: Promise<{ number: string }> }) {
  const { number } = await params;
  const user = await requirePermission("requests.portal");
  const t = await getTranslations("requests");
  const ts = await getTranslations("ticketStatus");
  const format = await getFormatter();
  const page = await loadTicketPage(await userCtx(user), number, { publicOnly: true }).catch((error) => {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  });
  const { ticket } = page;
  const isStaff = can(userActor(user), "tickets.read");
  const fields: RequestField[] = page.requestTypeFields ?? [];
  const values = ticket.requestFields;
  const known = new Set(fields.map((f) => f.key));
  const retired = Object.keys(values)
    .filter((key) => !known.has(key))
    .map((key): RequestField => ({ key, label: key, type: "text", isRequired: false }));
  const submitted = [...fields, ...retired].filter((f) => values[f.key] !== undefined && values[f.key] !== "");
  const show = (field: RequestField, value: string | number | boolean) => {
    if (field.type === "checkbox") return value ? t("yes") : t("no");
    if (field.type === "date" && typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
      return format.dateTime(new Date(`${value}T00:00:00Z`), { dateStyle: "long", timeZone: "UTC" });
    }
    if (field.type === "number" && typeof value === "number") return format.number(value);
    return String(value);
  };
  const timeline = [...page.timeline].reverse();
  const facts: [string, React.ReactNode][] = [
    [t("requestType"), page.requestTypeName ?? t(`kind.${ticket.type}`)],
    [t("submitted"), <LocalTime key="c" value={ticket.createdAt} />],
    [t("updated"), <LocalTime key="u" value={ticket.updatedAt} />],
    [t("team"), page.teamName ?? t("teamPending")],
    [t("requester"), page.requesterName ?? "—"],
  ];

  return (
    <>
      <AutoRefresh seconds={20} />
      <Link
        href={isStaff ? `/tickets/${ticket.number}` : "/requests"}
        className="mb-3 inline-flex items-center gap-1 text-sm text-zinc-500 hover:text-zinc-800 dark:hover:text-zinc-200"
      >
        <ArrowLeft className="size-4" aria-hidden />
        {isStaff ? t("backToTicket") : t("back")}
      </Link>
      {isStaff ? (
        <p className="mb-4 flex items-start gap-2 rounded-md border border-sky-200 bg-sky-50 px-3 py-2 text-sm text-sky-800 dark:border-sky-900 dark:bg-sky-950 dark:text-sky-200">
          <Eye className="mt-0.5 size-4 shrink-0" aria-hidden />
          {t("staffNotice")}
        </p>
      ) : null}
      <div className="mb-6">
        <p className="flex flex-wrap items-center gap-2">
          <span className="font-mono text-sm text-zinc-500" data-testid="ticket-number">
            {ticket.number}
          </span>
          <StatusBadge status={ticket.status} />
        </p>
        <h1 className="mt-2 text-xl font-semibold tracking-tight break-words sm:text-2xl">{ticket.title}</h1>
      </div>
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-[1fr_18rem]">
        <div className="min-w-0 space-y-6">
          <Card>
            <CardHeader title={page.requestTypeName ?? t(`kind.${ticket.type}`)} />
            {submitted.length ? (
              <dl className="grid gap-x-6 gap-y-3 border-b border-zinc-100 px-4 py-4 sm:grid-cols-2 sm:px-5 dark:border-zinc-800">
                {submitted.map((field) => (
                  <div key={field.key} className="min-w-0" data-testid={`value-${field.key}`}>
                    <dt className="text-xs font-medium text-zinc-500 dark:text-zinc-400">{field.label}</dt>
                    <dd className="mt-0.5 text-sm break-words whitespace-pre-wrap">{show(field, values[field.key])}</dd>
                  </div>
                ))}
              </dl>
            ) : null}
            <div className="px-4 py-4 sm:px-5">
              <p className="text-xs font-medium text-zinc-500 dark:text-zinc-400">{t("details")}</p>
              {ticket.description ? (
                <p className="mt-1 text-sm break-words whitespace-pre-wrap text-zinc-800 dark:text-zinc-200">
                  {ticket.description}
                </p>
              ) : (
                <p className="mt-1 text-sm text-zinc-400">{t("noDescription")}</p>
              )}
            </div>
          </Card>
          <Card>
            <CardHeader title={t("conversation")} />
            <PublicTimeline entries={timeline} viewerId={user.id} />
            <div className="border-t border-zinc-200 px-4 py-4 sm:px-5 dark:border-zinc-800">
              {isReadOnly(ticket.status) ? (
                <p className="text-sm text-zinc-500 dark:text-zinc-400">
                  {t("closedNotice", { status: ts(ticket.status) })}
                </p>
              ) : (
                <ActionForm action={addRequestCommentAction} className="space-y-3" aria-label={t("commentLabel")}>
                  <input type="hidden" name="number" value={ticket.number} />
                  <div>
                    <Label htmlFor="request-comment">{t("commentLabel")}</Label>
                    <Textarea
                      id="request-comment"
                      name="body"
                      rows={3}
                      maxLength={20000}
                      placeholder={t("commentPlaceholder")}
                      aria-describedby="request-comment-hint body-error"
                    />
                    <FieldError name="body" />
                  </div>
                  <div className="flex flex-wrap items-center justify-between gap-3">
                    <p id="request-comment-hint" className="text-xs text-zinc-500 dark:text-zinc-400">
                      {t("commentHint")}
                    </p>
                    <SubmitButton>{t("send")}</SubmitButton>
                  </div>
                </ActionForm>
              )}
            </div>
          </Card>
        </div>
        <div className="min-w-0 space-y-6">
          <Card className="self-start">
            <dl className="divide-y divide-zinc-100 text-sm dark:divide-zinc-800">
              {facts.map(([label, value]) => (
                <div key={label} className="flex justify-between gap-3 px-4 py-2.5">
                  <dt className="shrink-0 text-zinc-500">{label}</dt>
                  <dd className="min-w-0 text-right break-words">{value}</dd>
                </div>
              ))}
            </dl>
          </Card>
          {page.attachments.length ? (
            <Card className="self-start">
              <CardHeader title={t("attachments")} />
              <ul className="divide-y divide-zinc-100 text-sm dark:divide-zinc-800">
                {page.attachments.map((file) => (
                  <li key={file.id}>
                    <a
                      href={`/requests/${ticket.number}/attachments/${file.id}`}
                      className="flex items-center gap-2 px-4 py-2.5 hover:bg-zinc-50 dark:hover:bg-zinc-800/40"
                    >
                      <Paperclip className="size-4 shrink-0 text-zinc-400" aria-hidden />
                      <span className="min-w-0 flex-1 truncate text-brand-700 dark:text-brand-300">
                        {file.filename}
                      </span>
                      <span className="shrink-0 text-xs text-zinc-500 tabular-nums">{formatBytes(file.sizeBytes)}</span>
                    </a>
                  </li>
                ))}
              </ul>
            </Card>
          ) : null}
        </div>
      </div>
    </>
  );
}
