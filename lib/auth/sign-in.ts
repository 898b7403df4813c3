import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { users } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { verifyPassword } from "./password";
import { assertLoginAllowed, clearLoginFailures } from "./rate-limit";

export const SignIn = z.object({
  email: z.string().trim().min(1).max(320),
  password: z.string().min(1).max(1024),
});
export type SignIn = z.infer<typeof SignIn>;

export const SIGN_IN_ERRORS = ["invalid_credentials", "rate_limited", "deactivated", "unavailable"] as const;
export type SignInError = (typeof SIGN_IN_ERRORS)[number];

export class SignInFailure extends Error {
  constructor(public readonly reason: SignInError) {
    super(reason);
  }
}

// Unknown email and wrong password give the same answer; a deactivated account is named only after a correct password.
export async function verifySignIn(db: Db, input: unknown, ip: string) {
  const parsed = SignIn.safeParse(input);
  if (!parsed.success) throw new SignInFailure("invalid_credentials");
  const { email, password } = parsed.data;
  try {
    await assertLoginAllowed(email, ip);
  } catch (error) {
    if (error instanceof AppError && error.code === "rate_limited") throw new SignInFailure("rate_limited");
    throw new SignInFailure("unavailable");
  }
  const user = await db.query.users.findFirst({ where: sql`lower(${users.email}) = ${email.toLowerCase()}` });
  const isValid = await verifyPassword(user?.passwordHash ?? null, password);
  if (!user || !isValid) throw new SignInFailure("invalid_credentials");
  await clearLoginFailures(email, ip).catch(() => {});
  if (!user.isActive) throw new SignInFailure("deactivated");
  await db.update(users).set({ lastLoginAt: new Date() }).where(eq(users.id, user.id));
  return user;
}
