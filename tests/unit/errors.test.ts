import { DrizzleQueryError } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { AppError, ERROR_CODES, errorBody, errorResponse, parseInput, toAppError } from "@/lib/errors";

const Input = z.object({
  name: z.string().trim().min(1, "Name is required"),
  contact: z.object({ email: z.email("Enter a valid email address") }),
  tags: z.array(z.string()).default([]),
});

describe("parseInput", () => {
  it("returns the parsed value, with trims and defaults applied", () => {
    expect(parseInput(Input, { name: "  Ops ", contact: { email: "a@b.co" } })).toEqual({
      name: "Ops",
      contact: { email: "a@b.co" },
      tags: [],
    });
  });

  it("throws an invalid AppError with messages per field path", () => {
    let error: unknown;
    try {
      parseInput(Input, { name: " ", contact: { email: "nope" } });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    const appError = error as AppError;
    expect(appError.code).toBe("invalid");
    expect(appError.details?.fields).toEqual({
      name: ["Name is required"],
      "contact.email": ["Enter a valid email address"],
    });
    expect(appError.message).toBe("name: Name is required; contact.email: Enter a valid email address");
  });

  it("files errors about the whole input under _", () => {
    let error: unknown;
    try {
      parseInput(Input, "not an object");
    } catch (e) {
      error = e;
    }
    expect(Object.keys((error as AppError).details?.fields ?? {})).toEqual(["_"]);
  });
});

describe("toAppError", () => {
  it("passes AppErrors through", () => {
    const error = new AppError("not_found", "No such ticket");
    expect(toAppError(error)).toBe(error);
  });

  it("maps a Postgres unique violation (23505) to conflict, bare or wrapped by drizzle", () => {
    const pgError = Object.assign(new Error('duplicate key value violates unique constraint "services_name_idx"'), {
      code: "23505",
    });
    expect(toAppError(pgError)?.code).toBe("conflict");
    const wrapped = new DrizzleQueryError("insert into services ...", [], pgError);
    expect(toAppError(wrapped)).toMatchObject({ code: "conflict", status: 409 });
  });

  it("maps a foreign key violation (23503) to invalid and a lost connection to unavailable", () => {
    expect(toAppError({ code: "23503" })?.code).toBe("invalid");
    expect(toAppError(Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }))?.code).toBe(
      "unavailable",
    );
    expect(toAppError({ cause: { code: "CONNECTION_CLOSED" } })?.code).toBe("unavailable");
  });

  it("leaves other errors alone", () => {
    expect(toAppError(new Error("boom"))).toBeUndefined();
    expect(toAppError({ code: "42P01" })).toBeUndefined();
    expect(toAppError(undefined)).toBeUndefined();
    expect(toAppError("text")).toBeUndefined();
  });
});

describe("errorResponse", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  const STATUSES = [
    ["invalid", 400],
    ["unauthorized", 401],
    ["forbidden", 403],
    ["not_found", 404],
    ["conflict", 409],
    ["too_large", 413],
    ["unsupported_media_type", 415],
    ["rate_limited", 429],
    ["unavailable", 503],
  ] as const;

  it.each(STATUSES)("answers %s with HTTP %i", async (code, status) => {
    const response = errorResponse(new AppError(code, `because ${code}`));
    expect(response.status).toBe(status);
    expect(await response.json()).toEqual({ error: { code, message: `because ${code}` } });
  });

  it("has a status for every error code", () => {
    expect(STATUSES.map(([code]) => code)).toEqual([...ERROR_CODES]);
    for (const [code, status] of STATUSES) expect(new AppError(code, "x").status).toBe(status);
  });

  it("includes field errors as details", async () => {
    const error = new AppError("invalid", "email: bad", { fields: { email: ["bad"] } });
    const response = errorResponse(error);
    expect(await response.json()).toEqual({
      error: { code: "invalid", message: "email: bad", details: { fields: { email: ["bad"] } } },
    });
    expect(errorBody(error)).toEqual({
      error: { code: "invalid", message: "email: bad", details: { fields: { email: ["bad"] } } },
    });
  });

  it("sends Retry-After for a rate limit", () => {
    const response = errorResponse(new AppError("rate_limited", "slow down", { retryAfterSeconds: 42 }));
    expect(response.status).toBe(429);
    expect(response.headers.get("Retry-After")).toBe("42");
    expect(response.headers.get("WWW-Authenticate")).toBeNull();
  });

  it("sends WWW-Authenticate only for unauthorized", () => {
    expect(errorResponse(new AppError("unauthorized", "no")).headers.get("WWW-Authenticate")).toBe(
      'Bearer realm="watchdesk"',
    );
    expect(errorResponse(new AppError("forbidden", "no")).headers.get("WWW-Authenticate")).toBeNull();
    expect(errorResponse(new AppError("forbidden", "no")).headers.get("Retry-After")).toBeNull();
  });

  it("answers a mapped driver error with its AppError", async () => {
    const response = errorResponse({ cause: { code: "23505" } });
    expect(response.status).toBe(409);
    expect((await response.json()).error.code).toBe("conflict");
  });

  it("hides unexpected errors behind a 500 and logs them", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const error = new Error("secret internals");
    const response = errorResponse(error);
    expect(response.status).toBe(500);
    const body = await response.json();
    expect(body).toEqual({ error: { code: "internal", message: "Internal error" } });
    expect(JSON.stringify(body)).not.toContain("secret internals");
    expect(log).toHaveBeenCalledWith(error);
  });
});
