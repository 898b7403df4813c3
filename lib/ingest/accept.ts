import { randomUUID } from "node:crypto";
import type { Queue } from "bullmq";
import type IORedis from "ioredis";
import { type Db, getDb } from "@/db/client";
import type { Integration } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { authenticateIntegrationKey, integrationKeyFrom } from "@/lib/integrations/authenticate";
import { INTEGRATION_PATHS } from "@/lib/integrations/endpoints";
import { getRedis } from "@/lib/redis";
import { type EventsJob, enqueueEvents, eventsQueue } from "@/workers/queues/events";
import { assertJsonContentType, parseJsonText, readBodyText } from "./body";
import type { IngestEndpoint } from "./endpoints";
import { assertWithinRateLimit, withTimeout } from "./rate-limit";
import { recordIntegrationError, storeEvents } from "./store";

export type IngestDeps = {
  db?: Db;
  redis?: IORedis | null;
  queue?: () => Queue<EventsJob>;
  now?: () => Date;
};

const ENQUEUE_BUDGET_MS = 2000;
const ENQUEUE_PAUSE_MS = 5000;
const enqueuePausedUntil = new WeakMap<Queue<EventsJob>, number>();

function admit(endpoint: IngestEndpoint, integration: Integration) {
  if (integration.kind !== endpoint.kind) {
    throw new AppError(
      "unauthorized",
      `This key belongs to an integration of kind ${integration.kind}; send its events to ${INTEGRATION_PATHS[integration.kind]}`,
    );
  }
}

// After a failed enqueue, later requests skip Redis for a few seconds instead of each waiting out the budget.
async function enqueueStored(getQueue: () => Queue<EventsJob>, eventIds: number[]) {
  const queue = getQueue();
  if ((enqueuePausedUntil.get(queue) ?? 0) > Date.now()) return;
  try {
    await withTimeout(enqueueEvents(queue, eventIds), ENQUEUE_BUDGET_MS, "enqueue");
  } catch (error) {
    enqueuePausedUntil.set(queue, Date.now() + ENQUEUE_PAUSE_MS);
    console.warn(
      `ingest: ${eventIds.length} stored events not enqueued (the sweeper will): ${(error as Error).message}`,
    );
  }
}

// Authenticate, check, parse, store in one transaction, then enqueue. Nothing from a refused request is stored,
// and nothing is answered 2xx before it is in Postgres.
export async function acceptIngest(request: Request, endpoint: IngestEndpoint, deps: IngestDeps = {}) {
  const db = deps.db ?? getDb();
  const now = deps.now?.() ?? new Date();
  const redis = deps.redis === undefined ? getRedis() : deps.redis;
  let integration: Integration | null = null;
  try {
    if (!endpoint.keyFromBody) {
      integration = await authenticateIntegrationKey(db, integrationKeyFrom(request));
      admit(endpoint, integration);
      await assertWithinRateLimit(redis, integration, now);
    }
    assertJsonContentType(request);
    const body = parseJsonText(await readBodyText(request));
    if (!integration) {
      const key = endpoint.keyFromBody?.(body) ?? integrationKeyFrom(request);
      if (!key) throw new AppError("invalid", "routing_key: is required", { fields: { routing_key: ["is required"] } });
      integration = await authenticateIntegrationKey(db, key);
      admit(endpoint, integration);
      await assertWithinRateLimit(redis, integration, now);
    }
    const parsed = endpoint.parse(body, now);
    const requestId = randomUUID();
    const eventIds = await storeEvents(db, integration, requestId, parsed.events, now);
    await enqueueStored(deps.queue ?? eventsQueue, eventIds);
    return endpoint.accepted({ requestId, eventIds, dedupKey: parsed.dedupKey });
  } catch (caught) {
    let error: AppError;
    if (caught instanceof AppError) error = caught;
    else {
      console.error("ingest: request failed before its events were stored", caught);
      error = new AppError("unavailable", "The events could not be stored; retry shortly");
    }
    if (integration && error.code !== "unavailable") {
      await recordIntegrationError(db, integration.id, `${error.status} ${error.message}`, now);
    }
    return endpoint.refused(error);
  }
}
