import { describe, expect, it } from "vitest";
import { setTeamAssignmentStrategy } from "@/lib/teams/manage";
import { createTestTeam, createTestUser, factoryCtx, uniqueSuffix } from "@/tests/factories";
import { incidentsOf, ingest, insertEngineIntegration, normalizedEvent, timelineOf } from "@/tests/factories/engine";

describe("alert-born incidents", () => {
  it("are assigned by their team's strategy, in turn, like desk tickets", async () => {
    const members = [
      (await createTestUser({ role: "engineer" })).user,
      (await createTestUser({ role: "engineer" })).user,
    ];
    const team = await createTestTeam({ members: members.map((m) => ({ userId: m.id })) });
    await setTeamAssignmentStrategy(factoryCtx(), { teamId: team.id, strategy: "round_robin" });
    const integration = await insertEngineIntegration({ teamId: team.id });
    for (const name of ["DiskFull", "HighLoad"]) {
      await ingest(integration, [
        { normalized: normalizedEvent({ alertname: `${name} ${uniqueSuffix()}`, fingerprint: name }) },
      ]);
    }
    const incidents = (await incidentsOf(integration.id)).sort((a, b) => a.number.localeCompare(b.number));
    expect(incidents.map((i) => i.assigneeId)).toEqual(members.map((m) => m.id));
    const timeline = await timelineOf(incidents[0].id);
    expect(timeline.find((a) => a.kind === "assignment")?.data).toMatchObject({
      to: members[0].id,
      strategy: "round_robin",
    });
  });

  it("stay unassigned on a manual team", async () => {
    const { user } = await createTestUser({ role: "engineer" });
    const team = await createTestTeam({ members: [{ userId: user.id }] });
    const integration = await insertEngineIntegration({ teamId: team.id });
    await ingest(integration, [{ normalized: normalizedEvent({ alertname: `Manual ${uniqueSuffix()}` }) }]);
    expect((await incidentsOf(integration.id))[0]).toMatchObject({ teamId: team.id, assigneeId: null });
  });
});
