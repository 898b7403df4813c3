import { getTranslations } from "next-intl/server";
import { LocalTime } from "@/components/ui/local-time";

type Entry = {
  id: number;
  kind: string;
  actorType: string;
  actorName: string | null;
  body: string;
  data: unknown;
  createdAt: Date;
};

type T = Awaited<ReturnType<typeof getTranslations>>;

export type NotificationLine = { text: string; isFailure: boolean };

const list = (ids: unknown) => (Array.isArray(ids) ? ids.map(String) : []);

// A "notification" timeline entry (paging, failed deliveries, escalation events) as one sentence; tn is the
// "escalationTimeline" translator, names resolves user and webhook ids.
export function describeNotification(
  data: Record<string, unknown>,
  tn: T,
  names: Map<string, string>,
): NotificationLine {
  const num = (v: unknown) => (typeof v === "number" ? v : Number(v ?? 0) || 0);
  const name = (id: unknown) => (typeof id === "string" && names.get(id)) || tn("someone");
  switch (data.event) {
    case "paged": {
      const who = [...list(data.userIds), ...list(data.webhookIds)].map(name);
      const round = num(data.round);
      return {
        text: tn("paged", {
          names: who.length ? who.join(", ") : tn("nobody"),
          step: num(data.step) || 1,
          round,
          roundNo: round + 1,
          deliveries: num(data.deliveries),
        }),
        isFailure: false,
      };
    }
    case "delivery_failed": {
      const channel = String(data.channel ?? "");
      const who = data.userId ? name(data.userId) : String(data.target ?? "");
      return {
        text: tn("deliveryFailed", {
          channel: ["email", "push", "webhook"].includes(channel) ? tn(`channel.${channel}`) : channel,
          name: who,
          attempts: num(data.attempts),
          error: String(data.error ?? ""),
        }),
        isFailure: true,
      };
    }
    case "ack_timeout":
      return { text: tn("ackTimeout", { minutes: num(data.minutes) }), isFailure: false };
    case "escalated":
      return { text: tn("escalated", { step: num(data.step) || 1 }), isFailure: false };
    case "exhausted":
      return { text: tn("exhausted", { rounds: num(data.rounds) || 1 }), isFailure: true };
    case "nobody_on_call":
      return { text: tn("nobodyOnCall", { step: num(data.step) || 1 }), isFailure: false };
    case "no_policy":
      return { text: tn("noPolicy"), isFailure: true };
    case "acknowledged":
      return { text: tn("acknowledged", { minutes: num(data.minutes) }), isFailure: false };
    default:
      return { text: String(data.event ?? "notification"), isFailure: false };
  }
}

function describeEntry(entry: Entry, t: T, ts: T, ta: T) {
  const data = (entry.data ?? {}) as Record<string, string | undefined>;
  switch (entry.kind) {
    case "created":
      return t("created");
    case "status_change":
      return t("statusChange", {
        from: data.from ? ts(data.from) : "—",
        to: data.to ? ts(data.to) : "—",
      });
    case "alert_linked":
      return t("alertLinked", { name: data.summary ?? data.alertname ?? data.fingerprint ?? "" });
    case "alert_status":
      return t("alertStatus", {
        name: data.summary ?? data.alertname ?? data.fingerprint ?? "",
        status: data.status === "firing" || data.status === "resolved" ? ta(data.status) : (data.status ?? ""),
      });
    default:
      return entry.body || entry.kind;
  }
}

export async function Timeline({ entries }: { entries: Entry[] }) {
  const t = await getTranslations("timeline");
  const ts = await getTranslations("ticketStatus");
  const ta = await getTranslations("alerts");
  if (!entries.length) return <p className="px-4 py-6 text-sm text-zinc-500 sm:px-5">{t("empty")}</p>;
  return (
    <ol className="relative px-4 py-4 sm:px-5">
      {entries.map((entry) => (
        <li key={entry.id} className="relative border-l border-zinc-200 pb-4 pl-5 last:pb-0 dark:border-zinc-800">
          <span
            className="absolute top-1.5 -left-[5px] size-2.5 rounded-full bg-brand-500 ring-4 ring-white dark:ring-zinc-900"
            aria-hidden
          />
          <p className="text-sm break-words">{describeEntry(entry, t, ts, ta)}</p>
          {entry.kind === "comment" && entry.body ? (
            <p className="mt-1 text-sm whitespace-pre-wrap text-zinc-700 dark:text-zinc-300">{entry.body}</p>
          ) : null}
          <p className="mt-0.5 text-xs text-zinc-500">
            {entry.actorName ?? (entry.actorType === "system" ? t("system") : entry.actorType)} ·{" "}
            <LocalTime value={entry.createdAt} withSeconds />
          </p>
        </li>
      ))}
    </ol>
  );
}
