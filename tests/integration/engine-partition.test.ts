import { inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { events } from "@/db/schema";
import { insertEngineIntegration, insertEvents, normalizedEvent } from "@/tests/factories/engine";

describe("events.partition_key", () => {
  it("is the sender's group within its integration, else the alertname", async () => {
    const integration = await insertEngineIntegration();
    const ids = await insertEvents(integration, [
      { normalized: normalizedEvent({ groupKey: '{}:{alertname="Down"}', alertname: "Down" }) },
      { normalized: normalizedEvent({ groupKey: null, alertname: "Down" }) },
      { normalized: normalizedEvent({ groupKey: "", alertname: "Disk" }) },
    ]);
    const rows = await getDb()
      .select({ id: events.id, partitionKey: events.partitionKey })
      .from(events)
      .where(inArray(events.id, ids))
      .orderBy(events.id);
    expect(rows.map((r) => r.partitionKey)).toEqual([`g:${integration.id}:{}:{alertname="Down"}`, "a:Down", "a:Disk"]);
  });
});
