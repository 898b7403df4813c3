import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { type Locale, type Role, type User, users } from "@/db/schema";
import { createUser } from "@/lib/users/create";
import { factoryCtx } from "./context";
import { uniqueEmail, uniqueSuffix } from "./unique";

export type TestUserOptions = {
  role?: Role;
  password?: string;
  isActive?: boolean;
  email?: string;
  name?: string;
  locale?: Locale;
  timezone?: string;
};

export async function createTestUser(options: TestUserOptions = {}): Promise<{ user: User; password: string }> {
  const role = options.role ?? "agent";
  const password = options.password ?? `pw-${uniqueSuffix()}-${uniqueSuffix()}`;
  let user = await createUser(factoryCtx(), {
    email: options.email ?? uniqueEmail(role),
    name: options.name ?? `Test ${role} ${uniqueSuffix()}`,
    role,
    password,
    locale: options.locale,
    timezone: options.timezone,
  });
  if (options.isActive === false) {
    [user] = await getDb().update(users).set({ isActive: false }).where(eq(users.id, user.id)).returning();
  }
  return { user, password };
}
