import type { z } from "zod";
import { AppError, parseInput } from "@/lib/errors";
import { assertJsonContentType, parseJsonText, readBodyText } from "@/lib/ingest/body";

// 415 for another media type, 413 past 1 MiB (counted as read), 400 naming what is wrong with the JSON.
export async function readJsonBody(request: Request): Promise<unknown> {
  assertJsonContentType(request);
  return parseJsonText(await readBodyText(request));
}

// Unknown fields are refused by name, so a typo is never silently dropped.
export function parseBody<S extends z.ZodObject>(schema: S, body: unknown): z.output<S> {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new AppError("invalid", "The body must be a JSON object", { fields: { body: ["Expected a JSON object"] } });
  }
  const known = new Set(Object.keys(schema.shape));
  const unknown = Object.keys(body).filter((key) => !known.has(key));
  if (unknown.length) {
    throw new AppError(
      "invalid",
      `Unknown field${unknown.length > 1 ? "s" : ""} ${unknown.join(", ")}; expected ${[...known].join(", ")}`,
      { fields: Object.fromEntries(unknown.map((key) => [key, ["Unknown field"]])) },
    );
  }
  return parseInput(schema, body);
}

// The ticket's ETag is its quoted version; `If-Match: *` asks for no version check.
export function versionFromIfMatch(request: Request): number | undefined {
  const header = request.headers.get("if-match")?.trim();
  if (!header || header === "*") return undefined;
  const match = /^(?:W\/)?"(\d{1,9})"$/.exec(header);
  if (!match) {
    throw new AppError("invalid", `If-Match: expected the ticket's ETag, such as "3", not ${header}`, {
      fields: { "If-Match": ['Expected the ticket\'s ETag, such as "3"'] },
    });
  }
  return Number(match[1]);
}

export function etag(version: number) {
  return `"${version}"`;
}
