import type { Criticality, Priority, Severity } from "@/db/schema";

export type Level = 1 | 2 | 3;

// ITIL impact × urgency matrix: 1 is highest. Row = impact, column = urgency.
const MATRIX: Record<Level, Record<Level, Priority>> = {
  1: { 1: "P1", 2: "P2", 3: "P3" },
  2: { 1: "P2", 2: "P3", 3: "P4" },
  3: { 1: "P3", 2: "P4", 3: "P5" },
};

export function priorityFor(impact: Level, urgency: Level): Priority {
  return MATRIX[impact][urgency];
}

const IMPACT_BY_CRITICALITY: Record<Criticality, Level> = { critical: 1, high: 1, medium: 2, low: 3 };
const URGENCY_BY_SEVERITY: Record<Severity, Level> = { critical: 1, error: 2, warning: 2, info: 3 };

// An alert-born incident: the service's criticality is the impact, the alert's severity the urgency.
export function impactForCriticality(criticality: Criticality | null | undefined): Level {
  return criticality ? IMPACT_BY_CRITICALITY[criticality] : 2;
}

export function urgencyForSeverity(severity: Severity): Level {
  return URGENCY_BY_SEVERITY[severity];
}
