import { createHash } from "node:crypto";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { GET as icalRoute } from "@/app/ical/[token]/route";
import { getDb } from "@/db/client";
import {
  escalationPolicies,
  escalationSteps,
  oncallLayerMembers,
  oncallLayers,
  oncallSchedules,
  type Role,
} from "@/db/schema";
import { getScheduleView, listScheduleSummaries } from "@/lib/oncall/schedule-views";
import {
  addLayer,
  addOverride,
  createSchedule,
  deleteLayer,
  deleteOverride,
  deleteSchedule,
  issueFeedToken,
  moveLayer,
  revokeFeedToken,
  updateLayer,
  updateSchedule,
} from "@/lib/oncall/schedules";
import { loadScheduleDefinition, onCallNowAndNext, onCallUserIds } from "@/lib/oncall/who";
import { createTestSchedule, createTestUser, ctxFor, factoryCtx, uniqueName } from "@/tests/factories";
import { callRoute } from "@/tests/support/api";
import { auditRowsFor } from "@/tests/support/db";
import { expectAppError } from "@/tests/support/errors";

const as = async (role: Role, timezone?: string) => ctxFor((await createTestUser({ role, timezone })).user);
const staff = async (name?: string) => (await createTestUser({ role: "engineer", name })).user;
const at = (s: string) => new Date(s);

async function scheduleRow(id: string) {
  const [row] = await getDb().select().from(oncallSchedules).where(eq(oncallSchedules.id, id));
  return row;
}

const weekly = (members: string[], startsAt = "2026-03-02T09:00") => ({
  name: "Primary",
  rotationKind: "weekly" as const,
  startsAt,
  members,
});

describe("schedules", () => {
  it("creates a schedule in the creator's zone, audited; names are unique whatever their case", async () => {
    const manager = await as("manager", "America/New_York");
    const name = uniqueName("Platform");
    const schedule = await createSchedule(manager, { name });
    expect(schedule.timeZone).toBe("America/New_York");
    expect((await auditRowsFor(schedule.id)).map((r) => r.action)).toEqual(["oncall_schedule.create"]);
    const clash = await expectAppError(createSchedule(manager, { name: name.toUpperCase() }), "conflict");
    expect(clash.message).toContain("already exists");
    const explicit = await createSchedule(manager, { name: uniqueName("Seoul"), timeZone: "Asia/Seoul" });
    expect(explicit.timeZone).toBe("Asia/Seoul");
  });

  it("refuses a time zone that does not exist, and an empty name", async () => {
    const manager = await as("admin");
    const bad = await expectAppError(
      createSchedule(manager, { name: uniqueName("X"), timeZone: "Mars/Olympus" }),
      "invalid",
    );
    expect(bad.details?.fields?.timeZone).toEqual(["Choose a valid time zone, e.g. Asia/Seoul"]);
    const empty = await expectAppError(createSchedule(manager, { name: "  " }), "invalid");
    expect(empty.message).toBe("name: Give the schedule a name");
  });

  it("updates bump the version; engineers and agents may read but not change", async () => {
    const manager = await as("manager");
    const schedule = await createSchedule(manager, { name: uniqueName("S"), timeZone: "Asia/Seoul" });
    const updated = await updateSchedule(manager, {
      scheduleId: schedule.id,
      name: `${schedule.name} renamed`,
      timeZone: "Europe/London",
      description: "Night cover",
    });
    expect(updated.version).toBe(schedule.version + 1);
    expect(updated.timeZone).toBe("Europe/London");
    for (const role of ["engineer", "agent"] as const) {
      const ctx = await as(role);
      await expectAppError(createSchedule(ctx, { name: uniqueName("No") }), "forbidden");
      await expectAppError(updateSchedule(ctx, { scheduleId: schedule.id, name: "No" }), "forbidden");
      await expectAppError(deleteSchedule(ctx, { scheduleId: schedule.id }), "forbidden");
      expect(
        (await getScheduleView(ctx, schedule.id, { from: at("2026-03-01"), to: at("2026-03-15") })).schedule.id,
      ).toBe(schedule.id);
    }
    await expectAppError(listScheduleSummaries(await as("requester")), "forbidden");
  });

  it("refuses to delete a schedule an escalation step pages, naming the policy", async () => {
    const manager = await as("manager");
    const schedule = await createTestSchedule({ layers: [{ members: [(await staff()).id] }] });
    const [policy] = await getDb()
      .insert(escalationPolicies)
      .values({ name: uniqueName("Policy") })
      .returning();
    await getDb()
      .insert(escalationSteps)
      .values({ policyId: policy.id, position: 0, targets: [{ kind: "schedule", id: schedule.id }] });
    const refused = await expectAppError(deleteSchedule(manager, { scheduleId: schedule.id }), "conflict");
    expect(refused.message).toContain(policy.name);
    expect(refused.status).toBe(409);
    await getDb().delete(escalationPolicies).where(eq(escalationPolicies.id, policy.id));
    await deleteSchedule(manager, { scheduleId: schedule.id });
    expect(await scheduleRow(schedule.id)).toBeUndefined();
    expect(await getDb().select().from(oncallLayers).where(eq(oncallLayers.scheduleId, schedule.id))).toEqual([]);
    expect((await auditRowsFor(schedule.id)).map((r) => r.action)).toContain("oncall_schedule.delete");
  });
});

describe("layers", () => {
  it("adds a layer on top with its members in order (one may appear twice)", async () => {
    const manager = await as("manager");
    const [a, b] = [await staff("Ana"), await staff("Ben")];
    const schedule = await createTestSchedule({ layers: [{ members: [a.id] }] });
    const layer = await addLayer(manager, { scheduleId: schedule.id, ...weekly([a.id, b.id, a.id]) });
    expect(layer.position).toBe(1);
    const members = await getDb()
      .select()
      .from(oncallLayerMembers)
      .where(eq(oncallLayerMembers.layerId, layer.id))
      .orderBy(oncallLayerMembers.position);
    expect(members.map((m) => m.userId)).toEqual([a.id, b.id, a.id]);
    expect((await scheduleRow(schedule.id)).version).toBe(schedule.version + 2);
    expect((await auditRowsFor(layer.id)).map((r) => r.action)).toEqual(["oncall_layer.create"]);
  });

  it("refuses a rotation with no members, bad times and lengths, and overlapping restrictions", async () => {
    const manager = await as("manager");
    const schedule = await createTestSchedule();
    const base = { scheduleId: schedule.id, ...weekly([(await staff()).id]) };
    const noMembers = await expectAppError(addLayer(manager, { ...base, members: [] }), "invalid");
    expect(noMembers.message).toBe("members: A rotation with no members puts nobody on call: add at least one person");
    const badStart = await expectAppError(addLayer(manager, { ...base, startsAt: "2026-02-30T09:00" }), "invalid");
    expect(badStart.details?.fields?.startsAt).toEqual(["Enter a date and time"]);
    const noLength = await expectAppError(addLayer(manager, { ...base, rotationKind: "custom" }), "invalid");
    expect(noLength.details?.fields?.shiftHours).toBeDefined();
    for (const shiftHours of [0, 2161, 1.5]) {
      await expectAppError(addLayer(manager, { ...base, rotationKind: "custom", shiftHours }), "invalid");
    }
    const ends = await expectAppError(addLayer(manager, { ...base, endsAt: "2026-03-01T09:00" }), "invalid");
    expect(ends.details?.fields?.endsAt).toEqual(["The end must be after the start"]);
    const overlap = await expectAppError(
      addLayer(manager, {
        ...base,
        restrictions: [
          { day: 1, start: "09:00", end: "18:00" },
          { day: 1, start: "17:00", end: "20:00" },
        ],
      }),
      "invalid",
    );
    expect(overlap.details?.fields?.["restrictions.1.start"]).toEqual(["This range overlaps another on the same day"]);
    const requester = (await createTestUser({ role: "requester", name: "Rita Requester" })).user;
    const notStaff = await expectAppError(addLayer(manager, { ...base, members: [requester.id] }), "invalid");
    expect(notStaff.message).toContain("Rita Requester cannot be on call");
    expect(await getDb().select().from(oncallLayers).where(eq(oncallLayers.scheduleId, schedule.id))).toEqual([]);
    const custom = await addLayer(manager, { ...base, rotationKind: "custom", shiftHours: 2160 });
    expect(custom.shiftHours).toBe(2160);
    const daily = await addLayer(manager, { ...base, rotationKind: "daily", shiftHours: 7 });
    expect(daily.shiftHours).toBe(24);
  });

  it("refuses a save made from a page opened before someone else's change, and writes nothing", async () => {
    const manager = await as("manager");
    const [a, b] = [await staff(), await staff()];
    const created = await createTestSchedule({ layers: [{ members: [a.id] }] });
    const [layerId] = created.layerIds;
    const seen = (await scheduleRow(created.id)).version;
    // Someone else renames the schedule; the first page still holds the version it was opened at.
    const renamed = await updateSchedule(manager, {
      scheduleId: created.id,
      name: uniqueName("Renamed"),
      version: seen,
    });
    expect(renamed.version).toBe(seen + 1);
    const stale = await expectAppError(
      updateSchedule(manager, { scheduleId: created.id, name: uniqueName("Mine"), version: seen }),
      "conflict",
    );
    expect(stale.message).toBe(
      `The schedule ${renamed.name} was changed by someone else after you opened it; reload and save again`,
    );
    await expectAppError(updateLayer(manager, { layerId, ...weekly([b.id]), version: seen }), "conflict");
    const after = await scheduleRow(created.id);
    expect({ name: after.name, version: after.version }).toEqual({ name: renamed.name, version: seen + 1 });
    expect(await onCallUserIds(getDb(), created.id, at("2026-03-04T03:00:00Z"))).toEqual([a.id]);
    expect((await auditRowsFor(created.id)).filter((r) => r.action === "oncall_schedule.update")).toHaveLength(1);
    expect((await auditRowsFor(layerId)).map((r) => r.action)).not.toContain("oncall_layer.update");
    // With the version it now has, the save goes through.
    await updateLayer(manager, { layerId, ...weekly([b.id]), version: after.version });
    expect(await onCallUserIds(getDb(), created.id, at("2026-03-04T03:00:00Z"))).toEqual([b.id]);
  });

  it("updates, moves and deletes layers, which changes who is on call", async () => {
    const manager = await as("manager");
    const [a, b, c] = [await staff(), await staff(), await staff()];
    const schedule = await createTestSchedule({ layers: [{ members: [a.id] }, { members: [b.id] }] });
    const [bottom, top] = schedule.layerIds;
    const noon = at("2026-03-04T03:00:00Z");
    expect(await onCallUserIds(getDb(), schedule.id, noon)).toEqual([b.id]);
    await moveLayer(manager, { layerId: top, direction: "down" });
    expect(await onCallUserIds(getDb(), schedule.id, noon)).toEqual([a.id]);
    await moveLayer(manager, { layerId: top, direction: "up" });
    expect(await onCallUserIds(getDb(), schedule.id, noon)).toEqual([b.id]);
    await updateLayer(manager, {
      layerId: top,
      ...weekly([c.id]),
      restrictions: [{ day: 7, start: "00:00", end: "24:00" }],
    });
    expect(await onCallUserIds(getDb(), schedule.id, noon)).toEqual([a.id]);
    expect(await onCallUserIds(getDb(), schedule.id, at("2026-03-08T03:00:00Z"))).toEqual([c.id]);
    await deleteLayer(manager, { layerId: bottom });
    expect(await onCallUserIds(getDb(), schedule.id, noon)).toEqual([]);
    const engineer = await as("engineer");
    await expectAppError(addLayer(engineer, { scheduleId: schedule.id, ...weekly([a.id]) }), "forbidden");
    await expectAppError(updateLayer(engineer, { layerId: top, ...weekly([a.id]) }), "forbidden");
    await expectAppError(moveLayer(engineer, { layerId: top, direction: "up" }), "forbidden");
    await expectAppError(deleteLayer(engineer, { layerId: top }), "forbidden");
    expect((await auditRowsFor(top)).map((r) => r.action)).toEqual([
      "oncall_layer.create",
      "oncall_layer.move",
      "oncall_layer.move",
      "oncall_layer.update",
    ]);
  });
});

describe("overrides", () => {
  it("an override wins, and an overlapping one is refused naming the clash", async () => {
    const manager = await as("manager", "Asia/Seoul");
    const [a, b, c] = [await staff(), await staff("Bora Kim"), await staff()];
    const schedule = await createTestSchedule({ layers: [{ members: [a.id] }] });
    const first = await addOverride(manager, {
      scheduleId: schedule.id,
      userId: b.id,
      startsAt: at("2026-03-04T00:00:00Z"),
      endsAt: at("2026-03-05T00:00:00Z"),
    });
    expect(await onCallUserIds(getDb(), schedule.id, at("2026-03-04T12:00:00Z"))).toEqual([b.id]);
    expect(await onCallUserIds(getDb(), schedule.id, at("2026-03-05T00:00:00Z"))).toEqual([a.id]);
    const clash = await expectAppError(
      addOverride(manager, {
        scheduleId: schedule.id,
        userId: c.id,
        startsAt: at("2026-03-04T23:00:00Z"),
        endsAt: at("2026-03-06T00:00:00Z"),
      }),
      "conflict",
    );
    expect(clash.message).toBe(
      "This overlaps the override for Bora Kim from 2026-03-04 09:00 to 2026-03-05 09:00 (Asia/Seoul)",
    );
    // Touching is not overlapping.
    await addOverride(manager, {
      scheduleId: schedule.id,
      userId: c.id,
      startsAt: at("2026-03-05T00:00:00Z"),
      endsAt: at("2026-03-06T00:00:00Z"),
    });
    const backwards = await expectAppError(
      addOverride(manager, {
        scheduleId: schedule.id,
        userId: c.id,
        startsAt: at("2026-04-02"),
        endsAt: at("2026-04-01"),
      }),
      "invalid",
    );
    expect(backwards.details?.fields?.endsAt).toEqual(["The end must be after the start"]);
    const long = await expectAppError(
      addOverride(manager, {
        scheduleId: schedule.id,
        userId: c.id,
        startsAt: at("2026-05-01"),
        endsAt: at("2027-06-01"),
      }),
      "invalid",
    );
    expect(long.details?.fields?.endsAt).toEqual(["An override lasts at most a year"]);
    const engineer = await as("engineer");
    await expectAppError(
      addOverride(engineer, {
        scheduleId: schedule.id,
        userId: c.id,
        startsAt: at("2026-06-01"),
        endsAt: at("2026-06-02"),
      }),
      "forbidden",
    );
    await expectAppError(deleteOverride(engineer, { overrideId: first.id }), "forbidden");
    await deleteOverride(manager, { overrideId: first.id });
    expect(await onCallUserIds(getDb(), schedule.id, at("2026-03-04T12:00:00Z"))).toEqual([a.id]);
    expect((await auditRowsFor(first.id)).map((r) => r.action)).toEqual([
      "oncall_override.create",
      "oncall_override.delete",
    ]);
  });

  it("overlapping overrides added at once: exactly one is stored", async () => {
    const manager = await as("manager");
    const [a, ...others] = [await staff(), await staff(), await staff(), await staff(), await staff()];
    const schedule = await createTestSchedule({ layers: [{ members: [a.id] }] });
    const results = await Promise.allSettled(
      others.map((u) =>
        addOverride(manager, {
          scheduleId: schedule.id,
          userId: u.id,
          startsAt: at("2026-07-01T00:00:00Z"),
          endsAt: at("2026-07-02T00:00:00Z"),
        }),
      ),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const def = await loadScheduleDefinition(getDb(), schedule.id);
    expect(def?.overrides).toHaveLength(1);
  });
});

describe("who is on call, from the database", () => {
  it("now and next for several schedules at once, across the New York spring change", async () => {
    const [a, b, c, d] = [await staff(), await staff(), await staff(), await staff()];
    const ny = await createTestSchedule({
      timeZone: "America/New_York",
      layers: [{ members: [a.id, b.id], startsAt: "2026-03-02T09:00" }],
    });
    const seoul = await createTestSchedule({
      layers: [
        { members: [c.id], startsAt: "2026-03-02T09:00" },
        {
          members: [d.id],
          rotationKind: "daily",
          startsAt: "2026-03-02T09:00",
          restrictions: [1, 2, 3, 4, 5].map((day) => ({ day, start: "09:00", end: "18:00" })),
        },
      ],
      overrides: [{ userId: a.id, startsAt: at("2026-03-06T09:00:00Z"), endsAt: at("2026-03-06T12:00:00Z") }],
    });
    const empty = await createTestSchedule();
    const now = at("2026-03-06T08:00:00Z");
    const result = await onCallNowAndNext(getDb(), [ny.id, seoul.id, empty.id, ny.id], now);
    expect(result.get(ny.id)).toEqual({
      now: { userIds: [a.id], until: at("2026-03-09T13:00:00Z") },
      next: { userIds: [b.id], from: at("2026-03-09T13:00:00Z") },
    });
    expect(result.get(seoul.id)).toEqual({
      now: { userIds: [d.id], until: at("2026-03-06T09:00:00Z") },
      next: { userIds: [a.id], from: at("2026-03-06T09:00:00Z") },
    });
    expect(result.get(empty.id)).toEqual({ now: { userIds: [], until: null }, next: null });
    expect(await onCallUserIds(getDb(), seoul.id, at("2026-03-06T10:00:00Z"))).toEqual([a.id]);
    expect(await onCallUserIds(getDb(), seoul.id, at("2026-03-06T12:00:00Z"))).toEqual([c.id]);
    // Escalation asks from inside its own transaction.
    expect(await getDb().transaction((tx) => onCallUserIds(tx, seoul.id, at("2026-03-06T10:00:00Z")))).toEqual([a.id]);
    expect(await onCallUserIds(getDb(), "00000000-0000-0000-0000-000000000000", now)).toEqual([]);
    expect(await onCallUserIds(getDb(), "not-a-uuid", now)).toEqual([]);

    const view = await getScheduleView(factoryCtx(), seoul.id, {
      from: at("2026-03-05T15:00:00Z"),
      to: at("2026-03-06T15:00:00Z"),
      now,
    });
    expect(view.layers.map((l) => l.members)).toEqual([[d.id], [c.id]]);
    expect(view.timeline.final.map((s) => [s.start.toISOString(), s.userId])).toEqual([
      ["2026-03-05T15:00:00.000Z", c.id],
      ["2026-03-06T00:00:00.000Z", d.id],
      ["2026-03-06T09:00:00.000Z", a.id],
      ["2026-03-06T12:00:00.000Z", c.id],
    ]);
    expect(view.people.get(a.id)?.name).toBe(a.name);
  });
});

describe("the iCal feed", () => {
  it("serves the final shifts to whoever holds the token, and nothing once it is regenerated or revoked", async () => {
    const manager = await as("manager");
    const [a, b] = [await staff("Ana, the; first"), await staff("Ben")];
    const now = new Date();
    const start = new Date(now.getTime() - 10 * 86_400_000);
    const wall = start.toISOString().slice(0, 11);
    const schedule = await createTestSchedule({
      name: uniqueName("Feed"),
      timeZone: "UTC",
      layers: [{ members: [a.id, b.id], rotationKind: "daily", startsAt: `${wall}00:00` }],
    });
    const { token, url } = await issueFeedToken(manager, { scheduleId: schedule.id });
    expect(url).toMatch(new RegExp(`/ical/${token}$`));
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const hash = createHash("sha256").update(token).digest("hex");
    expect((await scheduleRow(schedule.id)).feedTokenHash).toBe(hash);

    const answer = await callRoute(icalRoute, "GET", `/ical/${token}`, { params: { token } });
    expect(answer.status).toBe(200);
    expect(answer.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
    const lines = answer.text.split("\r\n");
    expect(answer.text.replace(/\r\n/g, "")).not.toContain("\n");
    expect(lines[0]).toBe("BEGIN:VCALENDAR");
    expect(lines.at(-2)).toBe("END:VCALENDAR");
    expect(lines.every((l) => Buffer.byteLength(l) <= 75)).toBe(true);
    const unfolded = answer.text.replace(/\r\n /g, "");
    const events = unfolded.split("BEGIN:VEVENT").slice(1);
    // From 7 days back to 60 ahead, one shift a day (the first one already running when the window opens).
    expect(events.length).toBeGreaterThanOrEqual(67);
    expect(events.length).toBeLessThanOrEqual(69);
    expect(unfolded).toContain(`SUMMARY:On call: Ana\\, the\\; first (${schedule.name})`);
    expect(events[0]).toMatch(/DTSTART:\d{8}T000000Z/);
    const uids = events.map((e) => /UID:(.+)/.exec(e)?.[1]);
    expect(new Set(uids).size).toBe(events.length);
    const again = await callRoute(icalRoute, "GET", `/ical/${token}`, { params: { token } });
    expect(again.text.replace(/\r\n /g, "").match(/UID:.+/g)).toEqual(unfolded.match(/UID:.+/g));

    const mine = await callRoute(icalRoute, "GET", `/ical/${token}?user=${b.id}`, { params: { token } });
    const mineEvents = mine.text.replace(/\r\n /g, "").split("BEGIN:VEVENT").slice(1);
    expect(mineEvents.length).toBeGreaterThan(30);
    expect(mineEvents.every((e) => e.includes(`SUMMARY:On call: Ben (${schedule.name})`))).toBe(true);

    const regenerated = await issueFeedToken(manager, { scheduleId: schedule.id });
    const old = await callRoute(icalRoute, "GET", `/ical/${token}`, { params: { token } });
    expect(old.status).toBe(404);
    expect(old.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    const fresh = await callRoute(icalRoute, "GET", `/ical/${regenerated.token}`, {
      params: { token: regenerated.token },
    });
    expect(fresh.status).toBe(200);
    await expectAppError(issueFeedToken(await as("engineer"), { scheduleId: schedule.id }), "forbidden");
    await expectAppError(revokeFeedToken(await as("agent"), { scheduleId: schedule.id }), "forbidden");
    await revokeFeedToken(manager, { scheduleId: schedule.id });
    const revoked = await callRoute(icalRoute, "GET", `/ical/${regenerated.token}`, {
      params: { token: regenerated.token },
    });
    expect(revoked.status).toBe(404);
    const audit = await auditRowsFor(schedule.id);
    expect(audit.map((r) => r.action)).toEqual(
      expect.arrayContaining([
        "oncall_schedule.feed_issue",
        "oncall_schedule.feed_regenerate",
        "oncall_schedule.feed_revoke",
      ]),
    );
    expect(JSON.stringify(audit)).not.toContain(hash);
    expect(JSON.stringify(audit)).not.toContain(token);
    const garbage = await callRoute(icalRoute, "GET", "/ical/nonsense", { params: { token: "nonsense" } });
    expect(garbage.status).toBe(404);
  });
});
