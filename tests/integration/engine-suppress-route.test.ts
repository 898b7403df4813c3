import { describe, expect, it } from "vitest";
import { createRoutingRule, deleteRoutingRule, reorderRoutingRules, updateRoutingRule } from "@/lib/routing/manage";
import { cancelMaintenanceWindow, createMaintenanceWindow, createSilence, expireSilence } from "@/lib/silences/manage";
import { createTestService, createTestTeam, createTestUser, ctxFor, uniqueSuffix } from "@/tests/factories";
import {
  alertOf,
  incidentsOf,
  ingest,
  insertEngineIntegration,
  minutesAfter,
  normalizedEvent,
} from "@/tests/factories/engine";
import { auditRowsFor } from "@/tests/support/db";
import { expectAppError } from "@/tests/support/errors";

async function people() {
  const { user: agent } = await createTestUser({ role: "agent" });
  const { user: manager } = await createTestUser({ role: "manager" });
  return { agent: ctxFor(agent), manager: ctxFor(manager) };
}

const HOUR = 60;

describe("suppression", () => {
  it.each([
    ["=", "api"],
    ["!=", "web"],
    ["=~", "ap.*"],
    ["!~", "we.*"],
  ] as const)("a silence with %s keeps the alert, marks it and opens no incident", async (op, value) => {
    const { agent } = await people();
    const tag = uniqueSuffix();
    const now = new Date();
    const silence = await createSilence(agent, {
      matchers: [
        { name: "tag", op: "=", value: tag },
        { name: "component", op, value },
      ],
      startsAt: minutesAfter(now, -1),
      endsAt: minutesAfter(now, HOUR),
      comment: "deploy",
    });
    const integration = await insertEngineIntegration();
    await ingest(integration, [
      { normalized: normalizedEvent({ fingerprint: "hit", labels: { tag, component: "api" } }), receivedAt: now },
      { normalized: normalizedEvent({ fingerprint: "miss", labels: { tag, component: "web" } }), receivedAt: now },
    ]);
    expect(await alertOf(integration.id, "hit")).toMatchObject({
      status: "firing",
      isSuppressed: true,
      suppressedBy: { type: "silence", id: silence.id },
      incidentId: null,
    });
    const miss = await alertOf(integration.id, "miss");
    expect(miss).toMatchObject({ isSuppressed: false, suppressedBy: null });
    expect((await incidentsOf(integration.id)).map((i) => i.id)).toEqual([miss.incidentId]);
  });

  it("anchors regular expressions like Alertmanager", async () => {
    const { agent } = await people();
    const tag = uniqueSuffix();
    const now = new Date();
    await createSilence(agent, {
      matchers: [
        { name: "tag", op: "=", value: tag },
        { name: "pod", op: "=~", value: "api" },
      ],
      startsAt: minutesAfter(now, -1),
      endsAt: minutesAfter(now, HOUR),
    });
    const integration = await insertEngineIntegration();
    await ingest(integration, [
      { normalized: normalizedEvent({ fingerprint: "x", labels: { tag, pod: "api-1" } }), receivedAt: now },
    ]);
    expect((await alertOf(integration.id, "x")).isSuppressed).toBe(false);
  });

  it("an expired silence no longer suppresses; expiring twice is a conflict", async () => {
    const { agent } = await people();
    const tag = uniqueSuffix();
    const now = new Date();
    const silence = await createSilence(agent, {
      matchers: [{ name: "tag", op: "=", value: tag }],
      startsAt: minutesAfter(now, -10),
      endsAt: minutesAfter(now, HOUR),
    });
    await expireSilence(agent, { silenceId: silence.id });
    await expectAppError(expireSilence(agent, { silenceId: silence.id }), "conflict");
    const integration = await insertEngineIntegration();
    await ingest(integration, [{ normalized: normalizedEvent({ labels: { tag } }), receivedAt: minutesAfter(now, 1) }]);
    expect(await incidentsOf(integration.id)).toHaveLength(1);
    expect((await auditRowsFor(silence.id)).map((a) => a.action)).toEqual(["silence.create", "silence.expire"]);
  });

  it("a maintenance window on a service suppresses its alerts while it runs, and not after it is cancelled", async () => {
    const { agent } = await people();
    const service = await createTestService();
    const integration = await insertEngineIntegration({ serviceId: service.id });
    const now = new Date();
    const window = await createMaintenanceWindow(agent, {
      name: "patching",
      serviceId: service.id,
      startsAt: minutesAfter(now, -5),
      endsAt: minutesAfter(now, HOUR),
    });
    await ingest(integration, [{ normalized: normalizedEvent({ fingerprint: "during" }), receivedAt: now }]);
    expect(await alertOf(integration.id, "during")).toMatchObject({
      isSuppressed: true,
      suppressedBy: { type: "maintenance", id: window.id },
    });
    expect(await incidentsOf(integration.id)).toEqual([]);
    await cancelMaintenanceWindow(agent, { windowId: window.id });
    await ingest(integration, [
      { normalized: normalizedEvent({ fingerprint: "later" }), receivedAt: minutesAfter(now, 2) },
    ]);
    expect((await alertOf(integration.id, "later")).isSuppressed).toBe(false);
    expect(await incidentsOf(integration.id)).toHaveLength(1);
  });

  it("a maintenance window with label matchers suppresses only matching alerts", async () => {
    const { agent } = await people();
    const tag = uniqueSuffix();
    const now = new Date();
    await createMaintenanceWindow(agent, {
      name: "rack move",
      matchers: [{ name: "rack", op: "=", value: tag }],
      startsAt: minutesAfter(now, -5),
      endsAt: minutesAfter(now, HOUR),
    });
    const integration = await insertEngineIntegration();
    await ingest(integration, [
      { normalized: normalizedEvent({ fingerprint: "in", labels: { rack: tag } }), receivedAt: now },
      { normalized: normalizedEvent({ fingerprint: "out", labels: { rack: "other" } }), receivedAt: now },
    ]);
    expect((await alertOf(integration.id, "in")).isSuppressed).toBe(true);
    expect((await alertOf(integration.id, "out")).isSuppressed).toBe(false);
  });

  it("refuses malformed matchers, a bad regex and an end before the start", async () => {
    const { agent } = await people();
    const now = new Date();
    const span = { startsAt: now, endsAt: minutesAfter(now, 5) };
    await expectAppError(createSilence(agent, { matchers: [], ...span }), "invalid");
    await expectAppError(createSilence(agent, { matchers: [{ name: "a", op: "=~", value: "(" }], ...span }), "invalid");
    await expectAppError(
      createSilence(agent, { matchers: [{ name: "a-b", op: "=", value: "x" }], ...span }),
      "invalid",
    );
    const backwards = { startsAt: now, endsAt: minutesAfter(now, -5) };
    await expectAppError(
      createSilence(agent, { matchers: [{ name: "a", op: "=", value: "x" }], ...backwards }),
      "invalid",
    );
    await expectAppError(createMaintenanceWindow(agent, { name: "nothing", ...span }), "invalid");
  });
});

describe("routing", () => {
  it("takes the first matching enabled rule, else the integration's service and team, else labels.service", async () => {
    const { manager } = await people();
    const tag = uniqueSuffix();
    const [ruleService, otherService, integrationService, namedService] = await Promise.all([
      createTestService({ criticality: "critical" }),
      createTestService(),
      createTestService({ criticality: "low" }),
      createTestService(),
    ]);
    const team = await createTestTeam();
    const first = await createRoutingRule(manager, {
      name: "payments",
      matchers: [
        { name: "tag", op: "=", value: tag },
        { name: "namespace", op: "=~", value: "pay.*" },
      ],
      serviceId: ruleService.id,
      teamId: team.id,
    });
    const second = await createRoutingRule(manager, {
      name: "everything tagged",
      matchers: [{ name: "tag", op: "=", value: tag }],
      serviceId: otherService.id,
    });
    const disabled = await createRoutingRule(manager, {
      name: "disabled",
      matchers: [{ name: "tag", op: "=", value: `${tag}-x` }],
      serviceId: otherService.id,
      isEnabled: false,
    });

    const routed = await insertEngineIntegration({ serviceId: integrationService.id });
    await ingest(routed, [
      normalizedEvent({ fingerprint: "pay", labels: { tag, namespace: "payments" }, severity: "critical" }),
      normalizedEvent({ fingerprint: "web", labels: { tag, namespace: "web" } }),
      normalizedEvent({ fingerprint: "plain", labels: { tag: `${tag}-x` } }),
    ]);
    expect(await alertOf(routed.id, "pay")).toMatchObject({ serviceId: ruleService.id, teamId: team.id });
    expect(await alertOf(routed.id, "web")).toMatchObject({ serviceId: otherService.id });
    expect(await alertOf(routed.id, "plain")).toMatchObject({ serviceId: integrationService.id });
    const payIncident = (await incidentsOf(routed.id)).find((i) => i.serviceId === ruleService.id);
    expect(payIncident).toMatchObject({ priority: "P1", teamId: team.id });

    const bare = await insertEngineIntegration();
    await ingest(bare, [
      normalizedEvent({ fingerprint: "named", labels: { service: namedService.name.toUpperCase() } }),
      normalizedEvent({ fingerprint: "nothing", labels: { service: `missing-${tag}` } }),
    ]);
    expect(await alertOf(bare.id, "named")).toMatchObject({ serviceId: namedService.id });
    expect(await alertOf(bare.id, "nothing")).toMatchObject({ serviceId: null, teamId: null });

    await reorderRoutingRules(manager, { ruleIds: [second.id, first.id] });
    await ingest(routed, [normalizedEvent({ fingerprint: "pay2", labels: { tag, namespace: "payments" } })]);
    expect(await alertOf(routed.id, "pay2")).toMatchObject({ serviceId: otherService.id });

    await updateRoutingRule(manager, {
      ruleId: second.id,
      name: "off",
      matchers: second.matchers,
      serviceId: otherService.id,
      isEnabled: false,
    });
    await deleteRoutingRule(manager, { ruleId: disabled.id });
    await ingest(routed, [normalizedEvent({ fingerprint: "pay3", labels: { tag, namespace: "payments" } })]);
    expect(await alertOf(routed.id, "pay3")).toMatchObject({ serviceId: ruleService.id });
    for (const rule of [first, second]) await deleteRoutingRule(manager, { ruleId: rule.id });
    expect((await auditRowsFor(disabled.id)).map((a) => a.action)).toEqual([
      "routing_rule.create",
      "routing_rule.delete",
    ]);
  });

  it.each(["agent", "engineer"] as const)("refuses routing changes by the %s role", async (role) => {
    const { user } = await createTestUser({ role });
    const service = await createTestService();
    await expectAppError(createRoutingRule(ctxFor(user), { name: "x", serviceId: service.id }), "forbidden");
  });

  it("refuses a rule that routes nowhere", async () => {
    const { manager } = await people();
    await expectAppError(
      createRoutingRule(manager, { name: "x", matchers: [{ name: "a", op: "=", value: "b" }] }),
      "invalid",
    );
  });
});
