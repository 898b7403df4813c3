import { describe, expect, it } from "vitest";
import { ROLES, type Role } from "@/db/schema";
import {
  type Actor,
  actorLabel,
  actorUserId,
  assertCan,
  can,
  PERMISSIONS,
  type Permission,
} from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";

const EVERYONE_MAY: Permission[] = ["tokens.own", "profile.update", "requests.portal"];
const STAFF_MAY: Permission[] = [
  ...EVERYONE_MAY,
  "teams.read",
  "catalog.read",
  "tickets.read",
  "tickets.work",
  "incidents.work",
  "silences.manage",
  "sla.read",
  "oncall.read",
  "notifications.own",
];
const DESK_MAY: Permission[] = [...STAFF_MAY, "tickets.bulk", "tickets.major"];

// Written out by hand so that a change to the PERMISSIONS table has to be made here as well.
const ALLOWED: Record<Role, Permission[]> = {
  admin: [
    ...DESK_MAY,
    "request_catalog.manage",
    "users.read",
    "users.manage",
    "teams.manage",
    "catalog.manage",
    "audit.read",
    "tokens.manage",
    "routing.manage",
    "integrations.manage",
    "sla.policies.manage",
    "sla.calendars.manage",
    "reports.read",
    "oncall.schedules.manage",
    "oncall.policies.manage",
    "webhooks.manage",
  ],
  manager: [
    ...DESK_MAY,
    "teams.manage",
    "catalog.manage",
    "audit.read",
    "routing.manage",
    "request_catalog.manage",
    "sla.policies.manage",
    "reports.read",
    "oncall.schedules.manage",
    "oncall.policies.manage",
  ],
  agent: DESK_MAY,
  engineer: STAFF_MAY,
  requester: EVERYONE_MAY,
};

const ALL = Object.keys(PERMISSIONS) as Permission[];

function userActor(role: Role): Actor {
  return { type: "user", id: "00000000-0000-4000-8000-000000000001", role, label: `${role}@example.com` };
}

describe("permissions", () => {
  it("has exactly the permissions this test knows about", () => {
    expect([...ALL].sort()).toEqual([...new Set(Object.values(ALLOWED).flat())].sort());
  });

  describe.each(ROLES)("role %s", (role) => {
    it.each(ALL)("%s", (permission) => {
      const isAllowed = ALLOWED[role].includes(permission);
      expect(can(userActor(role), permission)).toBe(isAllowed);
      const token: Actor = { type: "token", id: "t", userId: "u", role, label: "x" };
      expect(can(token, permission)).toBe(isAllowed);
    });
  });

  it("refuses users.manage to everyone but admins", () => {
    expect(ROLES.filter((role) => can(userActor(role), "users.manage"))).toEqual(["admin"]);
  });

  it("lets the system actor do everything", () => {
    const system: Actor = { type: "system", job: "test" };
    for (const permission of ALL) expect(can(system, permission)).toBe(true);
    expect(() => assertCan(system, "users.manage")).not.toThrow();
  });

  it("assertCan throws a forbidden AppError naming the permission", () => {
    let error: unknown;
    try {
      assertCan(userActor("agent"), "catalog.manage");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: "forbidden", status: 403 });
    expect((error as AppError).message).toContain("catalog.manage");
    expect(() => assertCan(userActor("manager"), "catalog.manage")).not.toThrow();
  });

  it("labels actors and finds the user behind them", () => {
    expect(actorLabel({ type: "system", job: "cli" })).toBe("system:cli");
    expect(actorLabel(userActor("agent"))).toBe("agent@example.com");
    expect(actorUserId({ type: "system", job: "cli" })).toBeNull();
    expect(actorUserId(userActor("agent"))).toBe("00000000-0000-4000-8000-000000000001");
    expect(actorUserId({ type: "token", id: "token-id", userId: "user-id", role: "agent", label: "x" })).toBe(
      "user-id",
    );
  });
});
