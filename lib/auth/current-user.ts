import { eq } from "drizzle-orm";
import { headers } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { getServerSession } from "next-auth";
import { cache } from "react";
import { getDb } from "@/db/client";
import { type User, users } from "@/db/schema";
import type { Ctx } from "@/lib/context";
import { authOptions } from "./options";
import { can, type Permission } from "./permissions";

// The JWT carries the user's token version; bumping it in the database (deactivate, role change, password reset) ends every session.
export const getCurrentUser = cache(async (): Promise<User | null> => {
  const session = (await getServerSession(authOptions())) as { uid?: string; tv?: number } | null;
  if (!session?.uid) return null;
  const user = await getDb().query.users.findFirst({ where: eq(users.id, session.uid) });
  if (!user?.isActive || user.tokenVersion !== session.tv) return null;
  return user;
});

export async function requireUser(): Promise<User> {
  const user = await getCurrentUser();
  if (!user) redirect("/sign-in");
  return user;
}

export async function requirePermission(permission: Permission): Promise<User> {
  const user = await requireUser();
  if (!can(userActor(user), permission)) forbidden();
  return user;
}

export function userActor(user: Pick<User, "id" | "role" | "email">) {
  return { type: "user" as const, id: user.id, role: user.role, label: user.email };
}

export async function userCtx(user: User): Promise<Ctx> {
  const h = await headers();
  return {
    actor: userActor(user),
    db: getDb(),
    ip: h.get("x-forwarded-for")?.split(",")[0]?.trim() ?? null,
    userAgent: h.get("user-agent"),
  };
}
