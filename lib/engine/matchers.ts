import { z } from "zod";
import type { LabelMatcher as LabelMatcherRow } from "@/db/schema";

export const MATCHER_OPS = ["=", "!=", "=~", "!~"] as const;

function compiles(pattern: string): boolean {
  try {
    new RegExp(`^(?:${pattern})$`);
    return true;
  } catch {
    return false;
  }
}

export const LabelMatcher = z
  .object({
    name: z
      .string()
      .trim()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "A label name holds letters, digits and '_'")
      .max(200),
    op: z.enum(MATCHER_OPS),
    value: z.string().max(1000),
  })
  .refine((m) => (m.op === "=~" || m.op === "!~" ? compiles(m.value) : true), {
    message: "The regular expression does not compile",
    path: ["value"],
  });
export type LabelMatcher = z.infer<typeof LabelMatcher>;

const regexCache = new Map<string, RegExp>();

// Anchored like Alertmanager: the pattern must match the whole value.
function anchored(pattern: string): RegExp {
  let regex = regexCache.get(pattern);
  if (!regex) {
    regex = new RegExp(`^(?:${pattern})$`);
    if (regexCache.size > 10_000) regexCache.clear();
    regexCache.set(pattern, regex);
  }
  return regex;
}

// A missing label counts as the empty string, as in Alertmanager.
export function matchesLabel(matcher: LabelMatcherRow, labels: Record<string, string>): boolean {
  const value = labels[matcher.name] ?? "";
  switch (matcher.op) {
    case "=":
      return value === matcher.value;
    case "!=":
      return value !== matcher.value;
    case "=~":
      return anchored(matcher.value).test(value);
    case "!~":
      return !anchored(matcher.value).test(value);
  }
}

export function matchesAll(matchers: LabelMatcherRow[], labels: Record<string, string>): boolean {
  return matchers.every((m) => matchesLabel(m, labels));
}
