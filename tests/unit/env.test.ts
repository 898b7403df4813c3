import { describe, expect, it } from "vitest";
import { EnvError, isTimeZone, parseEnv } from "@/lib/env";

const VALID = {
  DATABASE_URL: "postgres://postgres@127.0.0.1:5432/watchdesk",
  REDIS_URL: "redis://127.0.0.1:6379",
};

function problemsOf(source: Record<string, string | undefined>): string[] {
  try {
    parseEnv(source);
  } catch (error) {
    expect(error).toBeInstanceOf(EnvError);
    return (error as EnvError).problems;
  }
  throw new Error("expected parseEnv to reject the environment");
}

describe("parseEnv", () => {
  it("names DATABASE_URL when it is missing", () => {
    const problems = problemsOf({ REDIS_URL: VALID.REDIS_URL });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^DATABASE_URL: DATABASE_URL is required/);
  });

  it("treats an empty variable as missing", () => {
    expect(problemsOf({ ...VALID, DATABASE_URL: "" })[0]).toMatch(/DATABASE_URL is required/);
  });

  it("puts every problem in the thrown message", () => {
    expect(() => parseEnv({})).toThrow(/DATABASE_URL[\s\S]*REDIS_URL/);
  });

  it("rejects a DATABASE_URL that is not a postgres URL", () => {
    expect(problemsOf({ ...VALID, DATABASE_URL: "mysql://root@localhost/wd" })).toEqual([
      "DATABASE_URL: DATABASE_URL must start with postgres:// or postgresql://",
    ]);
  });

  it("rejects a malformed REDIS_URL", () => {
    expect(problemsOf({ ...VALID, REDIS_URL: "127.0.0.1:6379" })).toEqual([
      "REDIS_URL: REDIS_URL must start with redis:// or rediss://",
    ]);
  });

  it("accepts rediss:// and postgresql:// URLs", () => {
    const parsed = parseEnv({ DATABASE_URL: "postgresql://u@db/wd", REDIS_URL: "rediss://cache:6380" });
    expect(parsed.DATABASE_URL).toBe("postgresql://u@db/wd");
    expect(parsed.REDIS_URL).toBe("rediss://cache:6380");
  });

  it("rejects a DEFAULT_TIMEZONE that is not an IANA zone", () => {
    expect(problemsOf({ ...VALID, DEFAULT_TIMEZONE: "Mars/Olympus_Mons" })).toEqual([
      "DEFAULT_TIMEZONE: DEFAULT_TIMEZONE must be an IANA time zone such as Asia/Seoul",
    ]);
  });

  it("applies the documented defaults", () => {
    const parsed = parseEnv(VALID);
    expect(parsed).toMatchObject({
      PORT: 3000,
      DEFAULT_TIMEZONE: "Asia/Seoul",
      DEFAULT_LOCALE: "ko",
      REDIS_PREFIX: "wd",
      APP_URL: "http://localhost:3000",
      SEED_DEMO: true,
      LOGIN_MAX_FAILURES_PER_ACCOUNT: 5,
      LOGIN_MAX_FAILURES_PER_IP: 50,
      LOGIN_WINDOW_SECONDS: 900,
      WORKER_CONCURRENCY: 4,
    });
    expect(parsed.NEXTAUTH_SECRET).toBeUndefined();
  });

  it("coerces numbers and booleans from strings", () => {
    const parsed = parseEnv({ ...VALID, PORT: "8080", SEED_DEMO: "no", LOGIN_MAX_FAILURES_PER_ACCOUNT: "3" });
    expect(parsed.PORT).toBe(8080);
    expect(parsed.SEED_DEMO).toBe(false);
    expect(parsed.LOGIN_MAX_FAILURES_PER_ACCOUNT).toBe(3);
  });

  it.each([["0"], ["65536"], ["http"]])("rejects PORT=%s", (port) => {
    expect(problemsOf({ ...VALID, PORT: port })[0]).toMatch(/^PORT: /);
  });

  it("rejects a short NEXTAUTH_SECRET and a REDIS_PREFIX with unsafe characters", () => {
    expect(problemsOf({ ...VALID, NEXTAUTH_SECRET: "short", REDIS_PREFIX: "wd:{x}" })).toEqual([
      "REDIS_PREFIX: REDIS_PREFIX may hold letters, digits, '_', '.' and '-' only",
      "NEXTAUTH_SECRET: NEXTAUTH_SECRET must be at least 32 characters",
    ]);
  });
});

describe("isTimeZone", () => {
  it("knows IANA zones and refuses made-up ones", () => {
    expect(isTimeZone("Asia/Seoul")).toBe(true);
    expect(isTimeZone("UTC")).toBe(true);
    expect(isTimeZone("Asia/Busan")).toBe(false);
    expect(isTimeZone("")).toBe(false);
  });
});
