import { z } from "zod";
import type { Severity } from "@/db/schema";
import { AppError } from "@/lib/errors";
import type { NormalizedEvent } from "@/lib/ingest/normalized";

export type ParsedEvent = { normalized: NormalizedEvent; payload: unknown };

const SEVERITY_ALIASES: Record<string, Severity> = {
  critical: "critical",
  crit: "critical",
  fatal: "critical",
  emergency: "critical",
  emerg: "critical",
  alert: "critical",
  page: "critical",
  disaster: "critical",
  p1: "critical",
  sev1: "critical",
  error: "error",
  err: "error",
  major: "error",
  high: "error",
  p2: "error",
  sev2: "error",
  warning: "warning",
  warn: "warning",
  minor: "warning",
  medium: "warning",
  average: "warning",
  p3: "warning",
  sev3: "warning",
  info: "info",
  informational: "info",
  information: "info",
  notice: "info",
  low: "info",
  debug: "info",
  none: "info",
  p4: "info",
  p5: "info",
  sev4: "info",
  sev5: "info",
};

// Unknown words mean "someone should look", not "ignore": they map to warning.
export function toSeverity(value: string | null | undefined): Severity {
  if (!value) return "warning";
  return (
    SEVERITY_ALIASES[
      value
        .trim()
        .toLowerCase()
        .replace(/[\s_-]/g, "")
    ] ?? "warning"
  );
}

// Go's zero time ("0001-01-01T00:00:00Z") is how Alertmanager and Grafana say "not set".
export function toIsoTime(value: string | null | undefined): string | null {
  if (!value || value.startsWith("0001-01-01")) return null;
  const time = new Date(value);
  return Number.isNaN(time.getTime()) ? null : time.toISOString();
}

export function clip(value: string | null | undefined, max: number): string {
  if (!value) return "";
  return value.length > max ? value.slice(0, max) : value;
}

export function urlOrNull(value: string | null | undefined): string | null {
  return value ? clip(value, 4096) : null;
}

export const IsoTimeString = z
  .string()
  .max(64)
  .refine((v) => v.startsWith("0001-01-01") || !Number.isNaN(new Date(v).getTime()), "expected an RFC 3339 time");

export const StringMap = z.record(z.string(), z.string());

export function fieldPath(path: PropertyKey[]): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out || "body";
}

const ARTICLE: Record<string, string> = {
  object: "an object",
  record: "an object",
  array: "an array",
  string: "a string",
  number: "a number",
  int: "an integer",
  boolean: "a boolean",
};

function issueMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === "invalid_type") {
    if (issue.message.endsWith("received undefined")) return "is required";
    return `expected ${ARTICLE[issue.expected] ?? issue.expected}`;
  }
  if (issue.code === "invalid_value") {
    return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
  }
  if (issue.code === "unrecognized_keys") return `unknown field ${issue.keys.join(", ")}`;
  return issue.message;
}

// Parses a sender's body with its schema; a violation becomes one `invalid` error naming the first bad fields.
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const fields: Record<string, string[]> = {};
  for (const issue of result.error.issues) {
    const key = fieldPath(issue.path);
    fields[key] ??= [];
    fields[key].push(issueMessage(issue));
  }
  const message = Object.entries(fields)
    .slice(0, 3)
    .map(([field, messages]) => `${field}: ${messages[0]}`)
    .join("; ");
  throw new AppError("invalid", message, { fields });
}
