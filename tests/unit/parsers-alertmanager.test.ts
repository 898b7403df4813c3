import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { NormalizedEvent } from "@/lib/ingest/normalized";
import { parseAlertmanager } from "@/lib/ingest/parsers/alertmanager";
import { toSeverity } from "@/lib/ingest/parsers/common";
import { ALERTMANAGER_FIXTURES, alertmanagerFixture } from "@/tests/factories/ingest";

function invalidMessage(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("invalid");
    return (error as AppError).message;
  }
  throw new Error("expected the parser to refuse the body");
}

describe("parseAlertmanager", () => {
  it("maps every alert of the real 0.25 payloads to a valid NormalizedEvent", () => {
    for (const name of ALERTMANAGER_FIXTURES) {
      const fixture = alertmanagerFixture(name);
      const parsed = parseAlertmanager(fixture);
      expect(parsed).toHaveLength(fixture.alerts.length);
      for (const { normalized } of parsed) expect(NormalizedEvent.safeParse(normalized).success).toBe(true);
    }
  });

  it("takes fingerprint, groupKey, action, severity, summary and times from the alert", () => {
    const [first, second] = parseAlertmanager(alertmanagerFixture("am-0.25-webhook-1.json")).map((p) => p.normalized);
    expect(first).toMatchObject({
      action: "trigger",
      fingerprint: "42eebab1f983eb8f",
      groupKey: '{}:{alertname="KubePodCrashLooping", cluster="prod-kr-1"}',
      severity: "warning",
      alertname: "KubePodCrashLooping",
      summary: "Pod is crash looping.",
      generatorUrl: "http://prometheus:9090/graph?g0.expr=x",
      startsAt: "2026-11-24T23:10:30.150Z",
      endsAt: null,
      occurredAt: "2026-11-24T23:10:30.150Z",
      serviceHint: null,
    });
    expect(second.generatorUrl).toBeNull();
    const resolved = parseAlertmanager(alertmanagerFixture("am-0.25-webhook-3.json")).find(
      (p) => p.normalized.action === "resolve",
    );
    expect(resolved?.normalized.fingerprint).toBe("42eebab1f983eb8f");
  });

  it("falls back from summary to description to alertname, and reads service from labels", () => {
    const fixture = alertmanagerFixture("am-0.25-webhook-2.json");
    fixture.alerts[0].annotations = { description: "only a description" };
    fixture.alerts[0].labels = { alertname: "X", service: "payments" };
    expect(parseAlertmanager(fixture)[0].normalized).toMatchObject({
      summary: "only a description",
      serviceHint: "payments",
    });
    fixture.alerts[0].annotations = {};
    expect(parseAlertmanager(fixture)[0].normalized.summary).toBe("X");
  });

  it("names the offending field", () => {
    const fixture = alertmanagerFixture("am-0.25-webhook-1.json");
    fixture.alerts[1].labels = ["a"];
    expect(invalidMessage(() => parseAlertmanager(fixture))).toBe("alerts[1].labels: expected an object");
    const noFingerprint = alertmanagerFixture("am-0.25-webhook-2.json");
    delete noFingerprint.alerts[0].fingerprint;
    expect(invalidMessage(() => parseAlertmanager(noFingerprint))).toBe("alerts[0].fingerprint: is required");
    const badStatus = alertmanagerFixture("am-0.25-webhook-2.json");
    badStatus.alerts[0].status = "pending";
    expect(invalidMessage(() => parseAlertmanager(badStatus))).toBe(
      'alerts[0].status: expected one of "firing", "resolved"',
    );
    expect(invalidMessage(() => parseAlertmanager([]))).toBe("body: expected an object");
  });
});

describe("toSeverity", () => {
  it("maps common words and leaves the unknown at warning", () => {
    expect(["critical", "CRIT", "page", "P1", "fatal"].map(toSeverity)).toEqual(Array(5).fill("critical"));
    expect(["error", "major", "high", "sev-2"].map(toSeverity)).toEqual(Array(4).fill("error"));
    expect(["warning", "warn", "minor", "medium"].map(toSeverity)).toEqual(Array(4).fill("warning"));
    expect(["info", "low", "notice", "debug"].map(toSeverity)).toEqual(Array(4).fill("info"));
    expect([undefined, "", "purple"].map(toSeverity)).toEqual(Array(3).fill("warning"));
  });
});
