import nodemailer, { type Transporter } from "nodemailer";
import { env } from "@/lib/env";
import type { EmailMessage } from "./message";
import { ChannelError } from "./send-error";

let cached: { url: string; transport: Transporter } | undefined;

// One pooled transport per SMTP_URL: the connection stays open between messages, so a page is handed over without a new handshake.
function transport(url: string): Transporter {
  if (cached?.url !== url) {
    cached?.transport.close();
    cached = {
      url,
      transport: nodemailer.createTransport({
        url,
        pool: true,
        maxConnections: 5,
        connectionTimeout: 10_000,
        greetingTimeout: 10_000,
        socketTimeout: 30_000,
      } as never),
    };
  }
  return cached.transport;
}

export function isEmailConfigured(): boolean {
  return !!env().SMTP_URL;
}

export function smtpAddress(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || (parsed.protocol === "smtps:" ? "465" : "587")}`;
  } catch {
    return "SMTP";
  }
}

export async function sendEmail(to: string, message: EmailMessage): Promise<void> {
  const url = env().SMTP_URL;
  if (!url) throw new ChannelError("email is not configured (set SMTP_URL)", { isPermanent: true });
  const where = smtpAddress(url);
  try {
    await transport(url).sendMail({ from: env().SMTP_FROM, to, ...message });
  } catch (error) {
    const err = error as Error & { code?: string; responseCode?: number };
    const message = (err.message || String(error)).replace(` ${where}`, "").trim();
    // A 5xx answer is the server refusing this message for good (no such mailbox, rejected sender).
    throw new ChannelError(`SMTP ${where}: ${message}`, {
      isPermanent: !!err.responseCode && err.responseCode >= 500 && err.responseCode < 600,
    });
  }
}

export async function closeEmail() {
  cached?.transport.close();
  cached = undefined;
}

export function maskEmail(address: string): string {
  const [local, domain] = address.split("@");
  if (!domain) return address;
  return `${local.slice(0, 2)}${"*".repeat(Math.max(1, Math.min(local.length - 2, 6)))}@${domain}`;
}
