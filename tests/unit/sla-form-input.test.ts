import { describe, expect, it } from "vitest";
import { hoursFromForm, splitMinutes, targetsFromForm } from "@/lib/sla/form-input";

describe("SLA form input", () => {
  it("shows a target in the largest unit that keeps it whole", () => {
    expect(splitMinutes(15)).toEqual({ value: 15, unit: "minutes" });
    expect(splitMinutes(240)).toEqual({ value: 4, unit: "hours" });
    expect(splitMinutes(90)).toEqual({ value: 90, unit: "minutes" });
    expect(splitMinutes(4320)).toEqual({ value: 3, unit: "days" });
    expect(splitMinutes(2160)).toEqual({ value: 36, unit: "hours" });
  });

  it("turns value and unit fields into minutes, blank into no target, and text into NaN for the schema to refuse", () => {
    const fields: Record<string, string> = {
      "targets.P1.response.value": "15",
      "targets.P1.response.unit": "minutes",
      "targets.P1.resolution.value": "0.1",
      "targets.P1.resolution.unit": "hours",
      "targets.P2.response.value": " ",
      "targets.P2.response.unit": "hours",
      "targets.P3.resolution.value": "1,5",
      "targets.P3.resolution.unit": "days",
      "targets.P4.response.value": "-2",
      "targets.P4.response.unit": "hours",
      "targets.P5.response.value": "2h",
      "targets.P5.response.unit": "hours",
    };
    const targets = targetsFromForm((name) => fields[name]);
    expect(targets.P1).toEqual({ response: 15, resolution: 6 });
    expect(targets.P2).toBeUndefined();
    expect(targets.P3).toEqual({ response: null, resolution: 2160 });
    expect(targets.P4).toEqual({ response: -120, resolution: null });
    expect(targets.P5?.response).toBeNaN();
  });

  it("pairs the weekly-hours fields in the order they were submitted", () => {
    const form: Record<string, string[]> = {
      "hours.day": ["1", "1", "6"],
      "hours.start": ["09:00", "13:00", ""],
      "hours.end": ["12:00", "18:00", "14:00"],
    };
    expect(hoursFromForm((name) => form[name] ?? [])).toEqual([
      { day: 1, start: "09:00", end: "12:00" },
      { day: 1, start: "13:00", end: "18:00" },
      { day: 6, start: "", end: "14:00" },
    ]);
  });
});
