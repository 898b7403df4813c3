import { describe, expect, it } from "vitest";
import { type EngineConfig, groupKeyFor, routeAlert, suppressionFor } from "@/lib/engine/config";
import { LabelMatcher, matchesAll, matchesLabel } from "@/lib/engine/matchers";
import { pgArray } from "@/lib/engine/pg-array";

const labels = { alertname: "Down", pod: "api-1", env: "prod" };

describe("label matchers", () => {
  it.each([
    [{ name: "pod", op: "=", value: "api-1" }, true],
    [{ name: "pod", op: "=", value: "api" }, false],
    [{ name: "pod", op: "!=", value: "api" }, true],
    [{ name: "pod", op: "=~", value: "api-.*" }, true],
    [{ name: "pod", op: "=~", value: "api" }, false],
    [{ name: "pod", op: "!~", value: "web-.*" }, true],
    [{ name: "pod", op: "!~", value: "api-\\d" }, false],
    [{ name: "missing", op: "=", value: "" }, true],
    [{ name: "missing", op: "!=", value: "" }, false],
    [{ name: "missing", op: "=~", value: ".*" }, true],
    [{ name: "pod", op: "=~", value: "web|api-1" }, true],
  ] as const)("%o matches: %s", (matcher, expected) => {
    expect(matchesLabel(matcher, labels)).toBe(expected);
  });

  it("needs every matcher", () => {
    expect(
      matchesAll(
        [
          { name: "env", op: "=", value: "prod" },
          { name: "pod", op: "=", value: "x" },
        ],
        labels,
      ),
    ).toBe(false);
    expect(matchesAll([], labels)).toBe(true);
  });

  it("validates matcher input", () => {
    expect(LabelMatcher.safeParse({ name: "pod", op: "=~", value: "(" }).success).toBe(false);
    expect(LabelMatcher.safeParse({ name: "9x", op: "=", value: "a" }).success).toBe(false);
    expect(LabelMatcher.safeParse({ name: "pod", op: "~", value: "a" }).success).toBe(false);
    expect(LabelMatcher.safeParse({ name: "pod", op: "!~", value: "a+" }).success).toBe(true);
  });
});

function config(overrides: Partial<EngineConfig> = {}): EngineConfig {
  const svc = { id: "svc-1", name: "Payments", criticality: "high" as const, ownerTeamId: "team-own" };
  return {
    integrations: new Map([["int-1", { id: "int-1", serviceId: null, teamId: null }]]),
    servicesById: new Map([[svc.id, svc]]),
    servicesByName: new Map([["payments", svc]]),
    rules: [],
    silences: [],
    windows: [],
    ...overrides,
  };
}

describe("routing and suppression", () => {
  it("falls back from rules to the integration to the service label", () => {
    expect(routeAlert(config(), "int-1", { service: "payments" }, null)).toEqual({
      serviceId: "svc-1",
      teamId: "team-own",
    });
    expect(routeAlert(config(), "int-1", {}, null)).toEqual({ serviceId: null, teamId: null });
    const rules = [
      { id: "r1", matchers: [{ name: "env", op: "=" as const, value: "prod" }], serviceId: null, teamId: "team-a" },
      { id: "r2", matchers: [], serviceId: "svc-1", teamId: null },
    ];
    expect(routeAlert(config({ rules }), "int-1", labels, null)).toEqual({ serviceId: null, teamId: "team-a" });
    expect(routeAlert(config({ rules }), "int-1", { env: "dev" }, null)).toEqual({
      serviceId: "svc-1",
      teamId: "team-own",
    });
  });

  it("suppresses within the time range only", () => {
    const silences = [
      { id: "s", matchers: [{ name: "env", op: "=" as const, value: "prod" }], startsAt: 100, endsAt: 200 },
    ];
    expect(suppressionFor(config({ silences }), labels, null, 150)).toEqual({ type: "silence", id: "s" });
    expect(suppressionFor(config({ silences }), labels, null, 200)).toBeNull();
    expect(suppressionFor(config({ silences }), labels, null, 99)).toBeNull();
    const windows = [{ id: "w", serviceId: "svc-1", matchers: [], startsAt: 0, endsAt: 1000 }];
    expect(suppressionFor(config({ windows }), labels, "svc-1", 5)).toEqual({ type: "maintenance", id: "w" });
    expect(suppressionFor(config({ windows }), labels, "svc-2", 5)).toBeNull();
  });

  it("derives group keys", () => {
    expect(groupKeyFor("i", "{}:{a}", "svc", "Down")).toBe("i:{}:{a}");
    expect(groupKeyFor("i", null, null, "Down")).toBe("rule:none:Down");
  });

  it("writes Postgres array literals safely", () => {
    expect(pgArray([1, 2])).toBe("{1,2}");
    expect(pgArray(['a"b', "c\\d", null])).toBe('{"a\\"b","c\\\\d",NULL}');
  });
});
