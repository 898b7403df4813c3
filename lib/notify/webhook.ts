import { createHmac, hkdfSync } from "node:crypto";
import { sessionSecret } from "@/lib/env";
import { ChannelError, describeError } from "./send-error";

// Each webhook's signing secret is derived from NEXTAUTH_SECRET and its id, so nothing secret is stored; rotating
// NEXTAUTH_SECRET changes every webhook's secret.
export function webhookSecret(webhookId: string): string {
  return Buffer.from(hkdfSync("sha256", sessionSecret(), "watchdesk", `outbound webhook ${webhookId}`, 32)).toString(
    "hex",
  );
}

export function webhookSignature(webhookId: string, body: string): string {
  return `sha256=${createHmac("sha256", webhookSecret(webhookId)).update(body).digest("hex")}`;
}

export async function sendWebhook(hook: { id: string; url: string }, payload: unknown): Promise<void> {
  const body = JSON.stringify(payload);
  const host = (() => {
    try {
      return new URL(hook.url).host;
    } catch {
      return hook.url;
    }
  })();
  let response: Response;
  try {
    response = await fetch(hook.url, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        "User-Agent": "Watchdesk-Webhook/1",
        "X-Watchdesk-Signature": webhookSignature(hook.id, body),
      },
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(10_000),
    });
  } catch (error) {
    const reason = (error as Error).name === "TimeoutError" ? "no answer within 10 s" : describeError(error);
    throw new ChannelError(`webhook ${host}: ${reason}`);
  }
  if (response.status >= 200 && response.status < 300) {
    await response.body?.cancel();
    return;
  }
  const text = (await response.text().catch(() => "")).slice(0, 200).trim();
  const location = response.headers.get("location");
  const detail = response.status >= 300 && response.status < 400 && location ? ` redirects to ${location}` : "";
  throw new ChannelError(`webhook ${host}: HTTP ${response.status}${detail}${text ? ` ${text}` : ""}`, {
    isPermanent: isPermanentWebhookStatus(response.status),
  });
}

// A redirect (not followed: the signature is for this URL) or a 4xx says the receiver will not take this request as
// it is, so asking again only repeats the refusal; 408, 425 and 429 ask us to come back later, and 5xx may pass.
export function isPermanentWebhookStatus(status: number): boolean {
  if (status >= 300 && status < 400) return true;
  return status >= 400 && status < 500 && ![408, 425, 429].includes(status);
}
