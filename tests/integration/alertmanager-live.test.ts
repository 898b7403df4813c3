import { and, asc, eq, isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/v1/integrations/alertmanager/route";
import { getDb } from "@/db/client";
import { alerts, events, tickets } from "@/db/schema";
import { systemCtx } from "@/lib/context";
import { processEvents } from "@/lib/engine/process-events";
import { createIntegration } from "@/lib/integrations/create";
import { senderSnippet } from "@/lib/integrations/snippets";
import { TEST_ENGINE_OPTIONS } from "@/tests/factories/engine";
import { uniqueName } from "../factories";
import {
  type AmAlert,
  postAlerts,
  type RunningAlertmanager,
  serveRoute,
  startAlertmanager,
} from "../support/alertmanager";
import { waitFor } from "../support/processes";

// Debian's prometheus-alertmanager 0.25, configured from the integration page's snippet, posting over real HTTP.
const cluster = `prod-${Date.now()}`;
const pod = (name: string, endsAt?: string): AmAlert => ({
  labels: { alertname: "KubePodCrashLooping", cluster, namespace: "payments", pod: name, severity: "critical" },
  annotations: { summary: `Pod payments/${name} is crash looping` },
  ...(endsAt ? { endsAt } : {}),
});
const disk: AmAlert = {
  labels: { alertname: "NodeFilesystemSpaceFillingUp", cluster, instance: "node-1:9100", severity: "warning" },
  annotations: { summary: "Filesystem on node-1 will fill up within 24 hours" },
};
const past = () => new Date(Date.now() - 1000).toISOString();

describe("a real Alertmanager sending to Watchdesk", () => {
  let integration: { id: string };
  let am: RunningAlertmanager;
  let receiver: Awaited<ReturnType<typeof serveRoute>>;

  beforeAll(async () => {
    receiver = await serveRoute(POST);
    const created = await createIntegration(systemCtx(getDb(), "test"), {
      kind: "alertmanager",
      name: uniqueName("Prometheus"),
    });
    const snippet = senderSnippet("alertmanager", `${receiver.url}/api/v1/integrations/alertmanager`, created.key);
    const config = [
      "route:",
      "  receiver: watchdesk",
      "  group_by: [alertname, cluster]",
      "  group_wait: 1s",
      "  group_interval: 1s",
      "  repeat_interval: 1h",
      snippet,
    ].join("\n");
    am = await startAlertmanager(config);
    integration = created.integration;
  });

  afterAll(async () => {
    await am?.stop();
    await receiver?.close();
  });

  // Stands in for the events worker: applies whatever this integration has stored so far.
  async function drain() {
    const pending = await getDb()
      .select({ id: events.id })
      .from(events)
      .where(and(eq(events.integrationId, integration.id), isNull(events.processedAt)))
      .orderBy(asc(events.id));
    if (pending.length)
      await processEvents(
        getDb(),
        pending.map((e) => e.id),
        TEST_ENGINE_OPTIONS,
      );
  }

  async function incidents() {
    await drain();
    return getDb()
      .select()
      .from(tickets)
      .where(eq(tickets.integrationId, integration.id))
      .orderBy(asc(tickets.createdAt));
  }

  async function alertsOf(ticketId: string) {
    return getDb().select().from(alerts).where(eq(alerts.incidentId, ticketId));
  }

  it("groups, resolves and reopens incidents the way operators expect", async () => {
    await postAlerts(am.url, [pod("api-1"), pod("api-2"), disk]);
    const [crash, filesystem] = await waitFor(
      async () => {
        const list = await incidents();
        return list.length === 2 && list.every((i) => i.alertCount === (i.title.includes("crash") ? 2 : 1)) && list;
      },
      { timeoutMs: 30_000, what: "two incidents from Alertmanager" },
    ).then((list) => [...list].sort((a, b) => Number(b.title.includes("crash")) - Number(a.title.includes("crash"))));
    expect(crash).toMatchObject({ status: "new", alertCount: 2, firingAlertCount: 2, priority: expect.any(String) });
    expect(crash.groupKey).toContain("KubePodCrashLooping");
    expect(filesystem).toMatchObject({ status: "new", alertCount: 1 });
    expect((await alertsOf(crash.id)).map((a) => a.labels.pod).sort()).toEqual(["api-1", "api-2"]);
    expect(receiver.received.every((status) => status === 202)).toBe(true);

    await postAlerts(am.url, [pod("api-1", past())]);
    await waitFor(async () => (await incidents()).find((i) => i.id === crash.id && i.firingAlertCount === 1), {
      timeoutMs: 30_000,
      what: "one pod resolved",
    });
    const stillOpen = (await incidents()).find((i) => i.id === crash.id);
    expect(stillOpen?.status).toBe("new");

    await postAlerts(am.url, [pod("api-1", past()), pod("api-2", past())]);
    const resolved = await waitFor(
      async () => (await incidents()).find((i) => i.id === crash.id && i.status === "resolved"),
      { timeoutMs: 30_000, what: "both pods resolved" },
    );
    expect(resolved.firingAlertCount).toBe(0);
    expect(resolved.resolvedAt).not.toBeNull();

    await postAlerts(am.url, [pod("api-2")]);
    const reopened = await waitFor(
      async () => (await incidents()).find((i) => i.id === crash.id && i.status === "new"),
      { timeoutMs: 30_000, what: "the incident to reopen" },
    );
    expect(reopened).toMatchObject({ number: crash.number, flapCount: 1, firingAlertCount: 1 });
    expect((await incidents()).length).toBe(2);
  });
});
