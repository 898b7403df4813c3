import { CircleDot, Paperclip, Send } from "lucide-react";
import { getTranslations } from "next-intl/server";
import { cn } from "@/components/ui/cn";
import { LocalTime } from "@/components/ui/local-time";
import type { TicketStatus } from "@/db/schema";

type Entry = {
  id: number;
  kind: string;
  actorId: string | null;
  actorName: string | null;
  body: string;
  data: unknown;
  createdAt: Date;
};

// The requester's view of a ticket's history, oldest first like a conversation; bodies are plain text.
export async function PublicTimeline({ entries, viewerId }: { entries: Entry[]; viewerId: string }) {
  const t = await getTranslations("requests");
  const ts = await getTranslations("ticketStatus");
  if (!entries.length) return <p className="px-4 py-6 text-sm text-zinc-500 sm:px-5">{t("conversationEmpty")}</p>;
  return (
    <ol className="space-y-4 px-4 py-4 sm:px-5" aria-label={t("conversation")}>
      {entries.map((entry) => {
        const isMine = entry.actorId === viewerId;
        const who = isMine ? t("you") : (entry.actorName ?? t("serviceDesk"));
        if (entry.kind === "comment") {
          return (
            <li
              key={entry.id}
              className={cn("flex flex-col", isMine ? "items-end" : "items-start")}
              data-testid="public-comment"
            >
              <div
                className={cn(
                  "max-w-[min(36rem,92%)] rounded-2xl px-4 py-2.5 text-sm shadow-xs",
                  isMine
                    ? "rounded-br-md bg-brand-600 text-white"
                    : "rounded-bl-md border border-zinc-200 bg-zinc-50 text-zinc-800 dark:border-zinc-700 dark:bg-zinc-800 dark:text-zinc-100",
                )}
              >
                <p className="break-words whitespace-pre-wrap">{entry.body}</p>
              </div>
              <p className="mt-1 px-1 text-xs text-zinc-500">
                {who} · <LocalTime value={entry.createdAt} />
              </p>
            </li>
          );
        }
        const data = (entry.data ?? {}) as { to?: TicketStatus };
        const Icon = entry.kind === "created" ? Send : entry.kind === "attachment" ? Paperclip : CircleDot;
        const text =
          entry.kind === "created"
            ? t("timeline.created")
            : entry.kind === "status_change" && data.to
              ? t("timeline.status", { status: ts(data.to) })
              : t("timeline.attachment");
        return (
          <li key={entry.id} className="flex items-start gap-2.5 text-sm text-zinc-600 dark:text-zinc-400">
            <span className="mt-0.5 inline-flex size-6 shrink-0 items-center justify-center rounded-full bg-zinc-100 text-zinc-500 dark:bg-zinc-800">
              <Icon className="size-3.5" aria-hidden />
            </span>
            <div className="min-w-0">
              <p className="break-words">
                <span className="font-medium text-zinc-800 dark:text-zinc-200">{text}</span>
                <span className="text-zinc-400"> · </span>
                <span className="text-xs">
                  {who} · <LocalTime value={entry.createdAt} />
                </span>
              </p>
              {entry.body ? (
                <p className="mt-1 break-words whitespace-pre-wrap text-zinc-700 dark:text-zinc-300">{entry.body}</p>
              ) : null}
            </div>
          </li>
        );
      })}
    </ol>
  );
}
