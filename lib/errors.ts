import type { z } from "zod";

export const ERROR_CODES = [
  "invalid",
  "unauthorized",
  "forbidden",
  "not_found",
  "conflict",
  "too_large",
  "unsupported_media_type",
  "rate_limited",
  "unavailable",
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

const STATUS: Record<ErrorCode, number> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  unavailable: 503,
};

export type FieldErrors = Record<string, string[]>;

export class AppError extends Error {
  constructor(
    public readonly code: ErrorCode,
    message: string,
    public readonly details?: { fields?: FieldErrors; retryAfterSeconds?: number; extra?: Record<string, unknown> },
  ) {
    super(message);
    this.name = "AppError";
  }

  get status() {
    return STATUS[this.code];
  }
}

export function fieldErrors(error: z.ZodError): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".") || "_";
    fields[key] ??= [];
    fields[key].push(issue.message);
  }
  return fields;
}

export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (!result.success) {
    const fields = fieldErrors(result.error);
    const summary = Object.entries(fields)
      .map(([field, messages]) => `${field}: ${messages[0]}`)
      .join("; ");
    throw new AppError("invalid", summary, { fields });
  }
  return result.data;
}

const PG_UNIQUE_VIOLATION = "23505";
const PG_FOREIGN_KEY_VIOLATION = "23503";

// Map driver errors that users can cause (duplicates, dangling references) to AppErrors; others stay 500s.
export function toAppError(error: unknown): AppError | undefined {
  if (error instanceof AppError) return error;
  const cause = (error as { cause?: unknown })?.cause ?? error;
  const code = (cause as { code?: string })?.code;
  if (code === PG_UNIQUE_VIOLATION) return new AppError("conflict", "A record with the same name already exists");
  if (code === PG_FOREIGN_KEY_VIOLATION) return new AppError("invalid", "A referenced record does not exist");
  if (code === "ECONNREFUSED" || code === "CONNECTION_CLOSED" || code === "CONNECT_TIMEOUT") {
    return new AppError("unavailable", "The database is unavailable; try again shortly");
  }
  return undefined;
}

export function errorBody(error: AppError) {
  const details =
    error.details?.fields || error.details?.extra
      ? { ...(error.details.fields ? { fields: error.details.fields } : {}), ...(error.details.extra ?? {}) }
      : undefined;
  return { error: { code: error.code, message: error.message, ...(details ? { details } : {}) } };
}

export function errorResponse(error: unknown): Response {
  const appError = toAppError(error);
  if (!appError) {
    console.error(error);
    return Response.json({ error: { code: "internal", message: "Internal error" } }, { status: 500 });
  }
  const headers: Record<string, string> = {};
  if (appError.details?.retryAfterSeconds) headers["Retry-After"] = String(appError.details.retryAfterSeconds);
  if (appError.code === "unauthorized") headers["WWW-Authenticate"] = 'Bearer realm="watchdesk"';
  return Response.json(errorBody(appError), { status: appError.status, headers });
}
