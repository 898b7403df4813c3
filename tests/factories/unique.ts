import { randomBytes } from "node:crypto";

export function uniqueSuffix(): string {
  return randomBytes(5).toString("hex");
}

export function uniqueName(base: string): string {
  return `${base} ${uniqueSuffix()}`;
}

export function uniqueEmail(base = "user"): string {
  return `${base}.${uniqueSuffix()}@test.watchdesk.example`;
}
