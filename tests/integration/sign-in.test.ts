import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { users } from "@/db/schema";
import { type SignInError, SignInFailure, verifySignIn } from "@/lib/auth/sign-in";
import { env } from "@/lib/env";
import { getRedis } from "@/lib/redis";
import { createTestUser, uniqueEmail, uniqueSuffix } from "@/tests/factories";

const usedKeys: string[] = [];

// Each test signs in from its own address, so the per-IP counter is never shared with another test.
function testIp(): string {
  const ip = `2001:db8::${uniqueSuffix().slice(0, 4)}:${uniqueSuffix().slice(0, 4)}`;
  usedKeys.push(`login:fail:ip:${ip}`);
  return ip;
}

function track(email: string): string {
  usedKeys.push(`login:fail:acct:${email.toLowerCase()}`);
  return email;
}

afterEach(async () => {
  if (usedKeys.length) await getRedis().del(...usedKeys.splice(0));
});

async function failureOf(email: string, password: string, ip: string): Promise<SignInError | "signed in"> {
  try {
    await verifySignIn(getDb(), { email, password }, ip);
    return "signed in";
  } catch (error) {
    if (error instanceof SignInFailure) return error.reason;
    throw error;
  }
}

describe("verifySignIn", () => {
  it("signs in with the right password, ignoring the email's case, and records the time", async () => {
    const { user, password } = await createTestUser({ role: "agent" });
    track(user.email);
    const signedIn = await verifySignIn(getDb(), { email: ` ${user.email.toUpperCase()} `, password }, testIp());
    expect(signedIn.id).toBe(user.id);
    const row = await getDb().query.users.findFirst({ where: eq(users.id, user.id) });
    expect(row?.lastLoginAt).toBeInstanceOf(Date);
  });

  it("gives the same answer for a wrong password and an unknown email", async () => {
    const { user } = await createTestUser();
    const ip = testIp();
    expect(await failureOf(track(user.email), "wrong-password", ip)).toBe("invalid_credentials");
    expect(await failureOf(track(uniqueEmail("nobody")), "wrong-password", ip)).toBe("invalid_credentials");
    expect(await failureOf(user.email, "", ip)).toBe("invalid_credentials");
  });

  it(`rate-limits an account after LOGIN_MAX_FAILURES_PER_ACCOUNT failures, even with the right password`, async () => {
    const limit = env().LOGIN_MAX_FAILURES_PER_ACCOUNT;
    expect(limit).toBe(5);
    const { user, password } = await createTestUser();
    const unknown = track(uniqueEmail("ghost"));
    track(user.email);
    for (let i = 0; i < limit; i++) {
      expect(await failureOf(user.email, `wrong-${i}`, testIp())).toBe("invalid_credentials");
      expect(await failureOf(unknown, `wrong-${i}`, testIp())).toBe("invalid_credentials");
    }
    expect(await failureOf(user.email, password, testIp())).toBe("rate_limited");
    expect(await failureOf(user.email.toUpperCase(), password, testIp())).toBe("rate_limited");
    expect(await failureOf(unknown, "anything-at-all", testIp())).toBe("rate_limited");

    const ttl = await getRedis().ttl(`login:fail:acct:${user.email}`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(env().LOGIN_WINDOW_SECONDS);
  });

  it("lets no more than LOGIN_MAX_FAILURES_PER_ACCOUNT guesses through when they arrive at once", async () => {
    const limit = env().LOGIN_MAX_FAILURES_PER_ACCOUNT;
    const { user, password } = await createTestUser();
    track(user.email);
    const burst = await Promise.all(
      Array.from({ length: limit * 4 }, (_, i) => failureOf(user.email, `guess-${i}`, testIp())),
    );
    expect(burst.filter((r) => r === "invalid_credentials")).toHaveLength(limit);
    expect(burst.filter((r) => r === "rate_limited")).toHaveLength(limit * 3);
    expect(await failureOf(user.email, password, testIp())).toBe("rate_limited");
  });

  it("forgets an account's failures after a successful sign-in", async () => {
    const limit = env().LOGIN_MAX_FAILURES_PER_ACCOUNT;
    const { user, password } = await createTestUser();
    track(user.email);
    const ip = testIp();
    for (let i = 0; i < limit - 1; i++)
      expect(await failureOf(user.email, "wrong-password", ip)).toBe("invalid_credentials");
    expect(await failureOf(user.email, password, ip)).toBe("signed in");
    for (let i = 0; i < limit - 1; i++)
      expect(await failureOf(user.email, "wrong-password", ip)).toBe("invalid_credentials");
    expect(await failureOf(user.email, password, ip)).toBe("signed in");
  });

  it("rate-limits an address after LOGIN_MAX_FAILURES_PER_IP failures across accounts, not counting good sign-ins", async () => {
    const limit = env().LOGIN_MAX_FAILURES_PER_IP;
    const { user, password } = await createTestUser();
    track(user.email);
    const ip = testIp();
    const spray = Array.from({ length: limit - 1 }, (_, i) =>
      failureOf(track(uniqueEmail(`spray${i}`)), "password123", ip),
    );
    expect(new Set(await Promise.all(spray))).toEqual(new Set(["invalid_credentials"]));
    expect(await failureOf(user.email, password, ip)).toBe("signed in");
    expect(await failureOf(user.email, password, ip)).toBe("signed in");
    expect(await failureOf(track(uniqueEmail("last-try")), "password123", ip)).toBe("invalid_credentials");
    expect(await failureOf(user.email, password, ip)).toBe("rate_limited");
    expect(await getRedis().ttl(`login:fail:ip:${ip}`)).toBeGreaterThan(0);
    expect(await failureOf(user.email, password, testIp())).toBe("signed in");
  });

  it("names a deactivated account only after the right password", async () => {
    const { user, password } = await createTestUser({ isActive: false });
    track(user.email);
    const ip = testIp();
    expect(await failureOf(user.email, password, ip)).toBe("deactivated");
    expect(await failureOf(user.email, "wrong-password", ip)).toBe("invalid_credentials");
  });
});
