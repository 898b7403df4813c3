import { eq } from "drizzle-orm";
import { createTranslator } from "use-intl/core";
import type { DbOrTx } from "@/db/client";
import { type Locale, type Priority, services, type TicketStatus, tickets } from "@/db/schema";
import { env } from "@/lib/env";
import { messagesFor } from "@/lib/i18n/messages";

export type IncidentFacts = {
  id: string;
  number: string;
  title: string;
  priority: Priority;
  status: TicketStatus;
  serviceName: string | null;
  createdAt: Date;
  acknowledgedAt: Date | null;
};

export type Recipient = { name: string; locale: Locale; timeZone: string };

export async function incidentFacts(db: DbOrTx, ticketId: string): Promise<IncidentFacts | undefined> {
  const [row] = await db
    .select({
      id: tickets.id,
      number: tickets.number,
      title: tickets.title,
      priority: tickets.priority,
      status: tickets.status,
      serviceName: services.name,
      createdAt: tickets.createdAt,
      acknowledgedAt: tickets.acknowledgedAt,
    })
    .from(tickets)
    .leftJoin(services, eq(services.id, tickets.serviceId))
    .where(eq(tickets.id, ticketId));
  return row;
}

export type Translate = (key: string, values?: Record<string, string | number>) => string;

// For text made outside a request (the workers): the same message files the pages use.
export function notifyTranslator(locale: Locale): Translate {
  return createTranslator({ locale, messages: messagesFor(locale) as never }) as unknown as Translate;
}

export function incidentUrl(number: string): string {
  return new URL(`/oncall/${number}`, env().APP_URL).toString();
}

export function formatWhen(at: Date, locale: Locale, timeZone: string): string {
  return new Intl.DateTimeFormat(locale === "ko" ? "ko-KR" : "en-GB", {
    timeZone,
    dateStyle: "medium",
    timeStyle: "short",
  }).format(at);
}

const REASONS = ["page", "ack_timeout", "escalated", "test"] as const;

function reasonText(t: Translate, reason: string): string {
  return (REASONS as readonly string[]).includes(reason)
    ? t(`notifyMessage.reason.${reason}`)
    : t("notifyMessage.reason.other");
}

export type LinkUrls = { acknowledge: string; resolve: string };

export type EmailMessage = { subject: string; text: string; html: string };

export const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);

const PRIORITY_COLOURS: Record<Priority, string> = {
  P1: "#b91c1c",
  P2: "#c2410c",
  P3: "#a16207",
  P4: "#1d4ed8",
  P5: "#52525b",
};

export function emailMessage(input: {
  incident: IncidentFacts;
  recipient: Recipient;
  reason: string;
  links: LinkUrls;
}): EmailMessage {
  const { incident, recipient, links } = input;
  const t = notifyTranslator(recipient.locale);
  const status = t(`ticketStatus.${incident.status}`);
  const opened = formatWhen(incident.createdAt, recipient.locale, recipient.timeZone);
  const service = incident.serviceName ?? t("notifyMessage.noService");
  const openUrl = incidentUrl(incident.number);
  const hours = env().ONE_TAP_LINK_HOURS;
  const subject = t("notifyMessage.subject", {
    priority: incident.priority,
    number: incident.number,
    title: incident.title,
  });
  const why = reasonText(t, input.reason);
  const text = [
    `${incident.number} · ${incident.priority} · ${status}`,
    incident.title,
    "",
    `${t("notifyMessage.service")}: ${service}`,
    `${t("notifyMessage.opened")}: ${opened} (${recipient.timeZone})`,
    `${t("notifyMessage.why")}: ${why}`,
    "",
    `${t("notifyMessage.acknowledge")}: ${links.acknowledge}`,
    `${t("notifyMessage.resolve")}: ${links.resolve}`,
    `${t("notifyMessage.open")}: ${openUrl}`,
    "",
    t("notifyMessage.linkNote", { hours }),
  ].join("\n");
  const button = (href: string, label: string, background: string) =>
    `<a href="${escapeHtml(href)}" style="display:block;margin:0 0 12px;padding:16px 20px;border-radius:10px;background:${background};color:#ffffff;font-size:18px;font-weight:600;text-align:center;text-decoration:none">${escapeHtml(label)}</a>`;
  const row = (label: string, value: string) =>
    `<tr><td style="padding:4px 12px 4px 0;color:#71717a;white-space:nowrap;vertical-align:top">${escapeHtml(label)}</td><td style="padding:4px 0;color:#18181b">${escapeHtml(value)}</td></tr>`;
  const html = `<!doctype html>
<html lang="${recipient.locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(subject)}</title></head>
<body style="margin:0;padding:0;background:#f4f4f5;font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,'Noto Sans KR','Apple SD Gothic Neo',sans-serif">
<div style="max-width:480px;margin:0 auto;padding:24px 16px">
<div style="background:#ffffff;border-radius:12px;padding:20px;border:1px solid #e4e4e7">
<p style="margin:0 0 8px;font-size:13px;color:#52525b"><span style="display:inline-block;padding:2px 8px;border-radius:6px;background:${PRIORITY_COLOURS[incident.priority]};color:#ffffff;font-weight:700">${incident.priority}</span> &nbsp;${escapeHtml(incident.number)} · ${escapeHtml(status)}</p>
<h1 style="margin:0 0 16px;font-size:20px;line-height:1.35;color:#18181b;word-break:break-word">${escapeHtml(incident.title)}</h1>
<table role="presentation" style="border-collapse:collapse;font-size:14px;margin:0 0 20px">
${row(t("notifyMessage.service"), service)}
${row(t("notifyMessage.opened"), `${opened} (${recipient.timeZone})`)}
${row(t("notifyMessage.why"), why)}
</table>
${button(links.acknowledge, t("notifyMessage.acknowledge"), "#2563eb")}
${button(links.resolve, t("notifyMessage.resolve"), "#15803d")}
<p style="margin:16px 0 0;text-align:center;font-size:15px"><a href="${escapeHtml(openUrl)}" style="color:#2563eb">${escapeHtml(t("notifyMessage.open"))}</a></p>
</div>
<p style="margin:16px 4px 0;font-size:12px;line-height:1.5;color:#71717a">${escapeHtml(t("notifyMessage.linkNote", { hours }))}</p>
</div></body></html>`;
  return { subject, text, html };
}

export type PushPayload = {
  title: string;
  body: string;
  tag: string;
  url: string;
  actions: { action: "ack" | "open"; title: string; url: string }[];
  ticket: { number: string; priority: Priority; title: string; status: TicketStatus };
};

export function pushPayload(input: {
  incident: IncidentFacts;
  recipient: Recipient;
  reason: string;
  acknowledgeUrl: string;
}): PushPayload {
  const { incident, recipient } = input;
  const t = notifyTranslator(recipient.locale);
  const url = `/oncall/${incident.number}`;
  const service = incident.serviceName ?? t("notifyMessage.noService");
  return {
    title: `[${incident.priority}] ${incident.number} ${incident.title}`.slice(0, 200),
    body: `${service} · ${t(`ticketStatus.${incident.status}`)} · ${reasonText(t, input.reason)}`,
    tag: incident.number,
    url,
    actions: [
      { action: "ack", title: t("notifyMessage.acknowledge"), url: input.acknowledgeUrl },
      { action: "open", title: t("notifyMessage.open"), url },
    ],
    ticket: { number: incident.number, priority: incident.priority, title: incident.title, status: incident.status },
  };
}

const escapeMrkdwn = (value: string) => value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

export function webhookBody(input: { incident: IncidentFacts; reason: string; format: "json" | "slack"; at: Date }) {
  const { incident } = input;
  const url = incidentUrl(incident.number);
  if (input.format === "json") {
    return {
      event: "incident.paged",
      incident: {
        number: incident.number,
        title: incident.title,
        priority: incident.priority,
        status: incident.status,
        service: incident.serviceName,
        url,
      },
      reason: input.reason,
      at: input.at.toISOString(),
    };
  }
  const locale = env().DEFAULT_LOCALE;
  const t = notifyTranslator(locale);
  const service = incident.serviceName ?? t("notifyMessage.noService");
  const headline = `[${incident.priority}] ${incident.number} ${incident.title}`;
  return {
    text: escapeMrkdwn(`${headline} — ${reasonText(t, input.reason)}`),
    blocks: [
      {
        type: "section",
        text: {
          type: "mrkdwn",
          text: `*<${url}|${escapeMrkdwn(`${incident.number} ${incident.title}`)}>*\n${escapeMrkdwn(`${incident.priority} · ${t(`ticketStatus.${incident.status}`)} · ${service}`)}`,
        },
      },
      {
        type: "context",
        elements: [
          {
            type: "mrkdwn",
            text: escapeMrkdwn(
              `${reasonText(t, input.reason)} · ${formatWhen(input.at, locale, env().DEFAULT_TIMEZONE)}`,
            ),
          },
        ],
      },
      {
        type: "actions",
        elements: [{ type: "button", text: { type: "plain_text", text: t("notifyMessage.open") }, url }],
      },
    ],
  };
}
