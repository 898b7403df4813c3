import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { incidentEscalations, type User } from "@/db/schema";
import { acknowledgeIncident } from "@/lib/oncall/acknowledge";
import { runDueEscalations } from "@/lib/oncall/escalation";
import { listMyIncidents, myOnCallStatus, needsAcknowledgement } from "@/lib/oncall/phone";
import { createTicket } from "@/lib/tickets/create";
import { createTestService, createTestUser, ctxFor, uniqueName } from "@/tests/factories";
import { createTestPolicy, linkTestPolicy, userTarget } from "@/tests/factories/escalation";
import { createTestSchedule } from "@/tests/factories/oncall-schedules";
import { expectAppError } from "@/tests/support/errors";

const db = () => getDb();
let agent: User;
let paged: User;
let other: User;
let requester: User;

beforeAll(async () => {
  [agent, paged, other, requester] = await Promise.all(
    (["agent", "engineer", "engineer", "requester"] as const).map(
      async (role) => (await createTestUser({ role })).user,
    ),
  );
});

async function pagedIncident(ackTimeoutMinutes: number | null = null) {
  const policy = await createTestPolicy([{ targets: [userTarget(paged.id)] }], { ackTimeoutMinutes });
  const service = await createTestService();
  await linkTestPolicy("service", service.id, policy.id);
  const incident = await createTicket(ctxFor(agent), {
    type: "incident",
    title: uniqueName("Queue backlog"),
    serviceId: service.id,
  });
  await runDueEscalations(db(), new Date(Date.now() + 1000), { ticketId: incident.id });
  return incident;
}

describe("My incidents", () => {
  it("lists what pages me under Mine, everything open under All, and needs acknowledgement first", async () => {
    const incident = await pagedIncident();
    const mine = await listMyIncidents(ctxFor(paged), "mine");
    const row = mine.find((i) => i.number === incident.number);
    expect(row).toMatchObject({ status: "new", escalationState: "active" });
    expect(needsAcknowledgement(row as NonNullable<typeof row>)).toBe(true);
    expect((await listMyIncidents(ctxFor(other), "mine")).map((i) => i.number)).not.toContain(incident.number);
    expect((await listMyIncidents(ctxFor(other), "all")).map((i) => i.number)).toContain(incident.number);

    await acknowledgeIncident(ctxFor(paged), { number: incident.number });
    const after = (await listMyIncidents(ctxFor(paged), "mine")).find((i) => i.number === incident.number);
    expect(after).toMatchObject({ status: "acknowledged", escalationState: "acknowledged" });
    expect(after?.acknowledgedByName).toBe(paged.name);
    expect(needsAcknowledgement(after as NonNullable<typeof after>)).toBe(false);
  });

  it("asks for acknowledgement again once the acknowledgement times out", async () => {
    const incident = await pagedIncident(30);
    await acknowledgeIncident(ctxFor(paged), { number: incident.number });
    const [row] = await db().select().from(incidentEscalations).where(eq(incidentEscalations.ticketId, incident.id));
    await runDueEscalations(db(), row.nextAt as Date, { ticketId: incident.id });
    const again = (await listMyIncidents(ctxFor(paged), "mine")).find((i) => i.number === incident.number);
    expect(again).toMatchObject({ status: "acknowledged", escalationState: "active" });
    expect(needsAcknowledgement(again as NonNullable<typeof again>)).toBe(true);
    await acknowledgeIncident(ctxFor(paged), { number: incident.number });
    const settled = (await listMyIncidents(ctxFor(paged), "mine")).find((i) => i.number === incident.number);
    expect(settled?.escalationState).toBe("acknowledged");
  });

  it("says whether I am on call now, or when my next turn is", async () => {
    const schedule = await createTestSchedule({
      timeZone: "Asia/Seoul",
      layers: [{ rotationKind: "daily", startsAt: "2026-01-01T00:00", members: [paged.id, other.id] }],
    });
    const at = new Date("2026-12-01T03:00:00Z"); // 2026-12-01 12:00 in Seoul: day 334 since the start, an even day
    const pagedStatus = await myOnCallStatus(ctxFor(paged), at);
    const otherStatus = await myOnCallStatus(ctxFor(other), at);
    const onNow = pagedStatus.onNow.find((s) => s.id === schedule.id);
    expect(onNow?.until?.toISOString()).toBe("2026-12-01T15:00:00.000Z");
    expect(otherStatus.onNow.find((s) => s.id === schedule.id)).toBeUndefined();
    expect(otherStatus.next?.from.toISOString()).toBe("2026-12-01T15:00:00.000Z");
  });

  it("is for staff only", async () => {
    await expectAppError(listMyIncidents(ctxFor(requester), "mine"), "forbidden");
    await expectAppError(myOnCallStatus(ctxFor(requester)), "forbidden");
  });
});
