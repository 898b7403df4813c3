import { readFileSync, writeFileSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import webpush from "web-push";
import type { Priority } from "@/db/schema";
import { env } from "@/lib/env";
import type { PushPayload } from "./message";
import { ChannelError, describeError } from "./send-error";

export type VapidKeys = { publicKey: string; privateKey: string; subject: string };
export type PushTarget = { endpoint: string; p256dh: string; auth: string };

let cachedKeys: VapidKeys | undefined;

function vapidFile(): string {
  return path.join(env().WATCHDESK_DATA_DIR, "vapid.json");
}

function defaultSubject(): string {
  const config = env();
  if (config.VAPID_SUBJECT) return config.VAPID_SUBJECT;
  return config.APP_URL.startsWith("https://") ? new URL(config.APP_URL).origin : "mailto:watchdesk@localhost";
}

// From the environment when set; else generated once into the data directory. `wx` makes the first writer win,
// so the web server and every worker racing at first start all read back the same pair.
export async function vapidKeys(): Promise<VapidKeys> {
  if (cachedKeys) return cachedKeys;
  const config = env();
  if (config.VAPID_PUBLIC_KEY && config.VAPID_PRIVATE_KEY) {
    cachedKeys = {
      publicKey: config.VAPID_PUBLIC_KEY,
      privateKey: config.VAPID_PRIVATE_KEY,
      subject: defaultSubject(),
    };
    return cachedKeys;
  }
  const file = vapidFile();
  await mkdir(path.dirname(file), { recursive: true });
  const fresh = webpush.generateVAPIDKeys();
  try {
    writeFileSync(file, `${JSON.stringify(fresh, null, 2)}\n`, { flag: "wx", mode: 0o600 });
  } catch (error) {
    if ((error as { code?: string }).code !== "EEXIST") throw error;
  }
  const stored = readStoredKeys(file);
  cachedKeys = { ...stored, subject: defaultSubject() };
  return cachedKeys;
}

function readStoredKeys(file: string): { publicKey: string; privateKey: string } {
  // A racing writer may not have finished its write yet; a few quick re-reads settle it.
  for (let i = 0; ; i++) {
    try {
      const parsed = JSON.parse(readFileSync(file, "utf8")) as { publicKey?: string; privateKey?: string };
      if (parsed.publicKey && parsed.privateKey) return { publicKey: parsed.publicKey, privateKey: parsed.privateKey };
    } catch (error) {
      if (i >= 50) throw new Error(`${file} holds no VAPID keys: ${describeError(error)}`);
    }
    if (i >= 50) throw new Error(`${file} holds no VAPID keys; delete it to generate new ones`);
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
  }
}

// For the browser's pushManager.subscribe({ applicationServerKey }).
export async function vapidPublicKey(): Promise<string> {
  return (await vapidKeys()).publicKey;
}

export function resetVapidCache() {
  cachedKeys = undefined;
}

// Encrypts (RFC 8291, aes128gcm) and signs (RFC 8292) with web-push, then posts with fetch so http endpoints work in tests.
export async function sendPush(target: PushTarget, payload: PushPayload, priority: Priority): Promise<void> {
  const keys = await vapidKeys();
  let details: ReturnType<typeof webpush.generateRequestDetails>;
  try {
    details = webpush.generateRequestDetails(
      { endpoint: target.endpoint, keys: { p256dh: target.p256dh, auth: target.auth } },
      JSON.stringify(payload),
      {
        TTL: 3600,
        urgency: priority === "P1" || priority === "P2" ? "high" : "normal",
        vapidDetails: keys,
      },
    );
  } catch (error) {
    throw new ChannelError(`push subscription is unusable: ${describeError(error)}`, { isGone: true });
  }
  const host = new URL(target.endpoint).host;
  let response: Response;
  try {
    response = await fetch(details.endpoint, {
      method: "POST",
      headers: details.headers as Record<string, string>,
      body: details.body as unknown as BodyInit,
      signal: AbortSignal.timeout(10_000),
    });
  } catch (error) {
    throw new ChannelError(`push ${host}: ${describeError(error)}`);
  }
  if (response.ok) {
    await response.body?.cancel();
    return;
  }
  const text = (await response.text().catch(() => "")).slice(0, 200).trim();
  const summary = `push ${host}: HTTP ${response.status}${text ? ` ${text}` : ""}`;
  if (response.status === 404 || response.status === 410) {
    throw new ChannelError(`${summary} (the subscription has expired or was withdrawn)`, { isGone: true });
  }
  // Other 4xx answers (bad payload, bad VAPID signature) will not improve by retrying; 429 and 5xx may.
  throw new ChannelError(summary, {
    isPermanent: response.status >= 400 && response.status < 500 && response.status !== 429,
  });
}
