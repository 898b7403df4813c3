import { readFileSync } from "node:fs";
import { count, eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { events, integrations } from "@/db/schema";

export const ALERTMANAGER_FIXTURES = ["am-0.25-webhook-1.json", "am-0.25-webhook-2.json", "am-0.25-webhook-3.json"];

export function alertmanagerFixture(name: string): Record<string, unknown> & { alerts: Record<string, unknown>[] } {
  return JSON.parse(readFileSync(new URL(`../fixtures/alertmanager/${name}`, import.meta.url), "utf8"));
}

export type IngestRequestOptions = {
  key?: string;
  keyInQuery?: boolean;
  contentType?: string | null;
  headers?: Record<string, string>;
};

// A real Request as a sender makes it; the body is sent as given when it is a string (malformed JSON, huge bodies).
export function ingestRequest(path: string, body: unknown, options: IngestRequestOptions = {}): Request {
  const url = new URL(path, "http://watchdesk.test");
  if (options.key && options.keyInQuery) url.searchParams.set("key", options.key);
  const headers: Record<string, string> = { ...options.headers };
  if (options.contentType !== null) headers["content-type"] = options.contentType ?? "application/json";
  if (options.key && !options.keyInQuery) headers.authorization = `Bearer ${options.key}`;
  return new Request(url, {
    method: "POST",
    headers,
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

export async function eventCount(integrationId: string): Promise<number> {
  const [row] = await getDb().select({ n: count() }).from(events).where(eq(events.integrationId, integrationId));
  return row.n;
}

export async function eventsOf(integrationId: string) {
  return getDb().select().from(events).where(eq(events.integrationId, integrationId)).orderBy(events.id);
}

export async function integrationRow(integrationId: string) {
  const row = await getDb().query.integrations.findFirst({ where: eq(integrations.id, integrationId) });
  if (!row) throw new Error(`integration ${integrationId} vanished`);
  return row;
}
