import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { NormalizedEvent } from "@/lib/ingest/normalized";
import { genericFingerprint, parseGeneric } from "@/lib/ingest/parsers/generic";
import { parseGrafana } from "@/lib/ingest/parsers/grafana";
import { parsePagerDuty } from "@/lib/ingest/parsers/pagerduty";

const NOW = new Date("2030-05-01T00:00:00Z");

function invalidMessage(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return (error as AppError).message;
  }
  throw new Error("expected the parser to refuse the body");
}

describe("parsePagerDuty", () => {
  const base = {
    routing_key: "wdi_x",
    event_action: "trigger",
    payload: { summary: "s", source: "db1", severity: "error" },
  };

  it("generates a dedup_key for a trigger without one and keeps the routing key out of the stored payload", () => {
    const { events, dedupKey } = parsePagerDuty(base, NOW);
    expect(dedupKey).toMatch(/^[0-9a-f]{32}$/);
    expect(events[0].normalized).toMatchObject({ fingerprint: dedupKey, groupKey: dedupKey, severity: "error" });
    expect(NormalizedEvent.safeParse(events[0].normalized).success).toBe(true);
    expect(events[0].payload).not.toHaveProperty("routing_key");
  });

  it("takes acknowledge and resolve without a payload but not without a dedup_key", () => {
    const ack = parsePagerDuty({ routing_key: "k", event_action: "acknowledge", dedup_key: "d1" }, NOW);
    expect(ack.events[0].normalized).toMatchObject({
      action: "acknowledge",
      fingerprint: "d1",
      occurredAt: NOW.toISOString(),
    });
    expect(NormalizedEvent.safeParse(ack.events[0].normalized).success).toBe(true);
    expect(invalidMessage(() => parsePagerDuty({ routing_key: "k", event_action: "resolve" }))).toBe(
      "dedup_key: is required for resolve",
    );
    expect(invalidMessage(() => parsePagerDuty({ ...base, payload: { summary: "s", severity: "info" } }))).toBe(
      "payload.source: is required",
    );
    expect(invalidMessage(() => parsePagerDuty({ ...base, event_action: "snooze" }))).toBe(
      'event_action: expected one of "trigger", "acknowledge", "resolve"',
    );
  });
});

describe("parseGrafana", () => {
  it("accepts Grafana's extras and uses its fingerprint", () => {
    const [event] = parseGrafana({
      status: "firing",
      orgId: 1,
      alerts: [
        {
          status: "firing",
          labels: { alertname: "T" },
          annotations: {},
          startsAt: "2021-10-12T09:51:03.157076+02:00",
          endsAt: "0001-01-01T00:00:00Z",
          fingerprint: "abc",
          values: null,
          dashboardURL: "",
        },
      ],
    });
    expect(event.normalized).toMatchObject({ fingerprint: "abc", groupKey: null, summary: "T", links: [] });
  });
});

describe("parseGeneric", () => {
  it("fills defaults and derives a fingerprint from source, name and sorted labels", () => {
    const [event] = parseGeneric({ title: "Disk", labels: { b: "2", a: 1 }, source: "cron" }, NOW);
    expect(event.normalized).toMatchObject({
      action: "trigger",
      severity: "warning",
      alertname: "Disk",
      labels: { a: "1", b: "2" },
      occurredAt: NOW.toISOString(),
      fingerprint: genericFingerprint("cron", "Disk", { a: "1", b: "2" }),
    });
    expect(NormalizedEvent.safeParse(event.normalized).success).toBe(true);
    expect(genericFingerprint("cron", "Disk", { a: "1", b: "2" })).not.toBe(
      genericFingerprint("other", "Disk", { a: "1", b: "2" }),
    );
  });

  it("honours status, action, dedup_key, service and timestamps", () => {
    const [resolved, acked] = parseGeneric(
      [
        { summary: "x", status: "resolved", service: "payments", timestamp: "2030-01-01T09:00:00+09:00" },
        { title: "y", action: "acknowledge", dedup_key: "k1", links: ["https://a.example"] },
      ],
      NOW,
    );
    expect(resolved.normalized).toMatchObject({
      action: "resolve",
      serviceHint: "payments",
      endsAt: "2030-01-01T00:00:00.000Z",
    });
    expect(acked.normalized).toMatchObject({
      action: "acknowledge",
      fingerprint: "k1",
      links: [{ href: "https://a.example" }],
    });
  });

  it("refuses what it cannot store, naming the field", () => {
    expect(invalidMessage(() => parseGeneric({}))).toBe("title: is required (or summary)");
    expect(invalidMessage(() => parseGeneric([]))).toBe("body: expected at least one event");
    expect(invalidMessage(() => parseGeneric({ title: "x", labels: { a: { b: 1 } } }))).toMatch(/^labels\.a: /);
    expect(invalidMessage(() => parseGeneric({ title: "x", occurred_at: "yesterday" }))).toBe(
      "occurred_at: expected an RFC 3339 time",
    );
  });
});
