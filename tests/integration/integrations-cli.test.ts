import { afterAll, describe, expect, it } from "vitest";
import { POST as pagerDutyPost } from "@/app/v2/enqueue/route";
import { hashSecret } from "@/lib/tokens/secret";
import { createTestService, createTestTeam, uniqueName } from "@/tests/factories";
import { eventCount, ingestRequest, integrationRow } from "@/tests/factories/ingest";
import { runWd } from "@/tests/support/processes";
import { eventsQueue } from "@/workers/queues/events";

function lastJsonLine(stdout: string): unknown {
  const lines = stdout.trim().split("\n");
  return JSON.parse(lines[lines.length - 1]);
}

afterAll(async () => {
  await eventsQueue().close();
});

describe("wd integration create", { timeout: 60_000 }, () => {
  it("--json prints the key once with id and URL, resolves service and team by name, stores only the hash", async () => {
    const service = await createTestService();
    const team = await createTestTeam();
    const name = uniqueName("cli pd");
    const result = await runWd([
      "integration",
      "create",
      "--kind",
      "pagerduty",
      "--name",
      name,
      "--service",
      service.name.toUpperCase(),
      "--team",
      team.id,
      "--json",
    ]);
    expect(result, result.stderr).toMatchObject({ code: 0 });
    const output = lastJsonLine(result.stdout) as { key: string; id: string; url: string };
    expect(Object.keys(output)).toEqual(["key", "id", "url"]);
    expect(output.key).toMatch(/^wdi_[A-Za-z0-9_-]{43}$/);
    expect(output.url).toMatch(/\/v2\/enqueue$/);
    const row = await integrationRow(output.id);
    expect(row).toMatchObject({ name, kind: "pagerduty", serviceId: service.id, teamId: team.id });
    expect(row.keyHash).toBe(hashSecret(output.key));

    const response = await pagerDutyPost(
      ingestRequest("/v2/enqueue", {
        routing_key: output.key,
        event_action: "trigger",
        payload: { summary: "from the CLI key", source: "cli", severity: "info" },
      }),
    );
    expect(response.status).toBe(202);
    expect(await eventCount(output.id)).toBe(1);
  });

  it("plain output shows the key once with the endpoint and the sender snippet", async () => {
    const result = await runWd(["integration", "create", "--kind", "alertmanager", "--name", uniqueName("cli am")]);
    expect(result, result.stderr).toMatchObject({ code: 0 });
    const key = /(wdi_[A-Za-z0-9_-]{43})/.exec(result.stdout)?.[1] ?? "";
    expect(key).not.toBe("");
    expect(result.stdout).toContain("/api/v1/integrations/alertmanager");
    expect(result.stdout).toContain(`credentials: ${key}`);
    expect(result.stdout).toContain("send_resolved: true");
  });

  it("refuses an unknown service and creates nothing", async () => {
    const name = uniqueName("cli orphan");
    const result = await runWd([
      "integration",
      "create",
      "--kind",
      "generic",
      "--name",
      name,
      "--service",
      "no such service",
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("error: No service named or with id no such service");
  });
});
