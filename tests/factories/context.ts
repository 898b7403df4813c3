import { getDb } from "@/db/client";
import type { User } from "@/db/schema";
import type { Actor } from "@/lib/auth/permissions";
import { type Ctx, systemCtx } from "@/lib/context";

export function factoryCtx(): Ctx {
  return systemCtx(getDb(), "factory");
}

export function userActorFor(user: Pick<User, "id" | "role" | "email">): Actor {
  return { type: "user", id: user.id, role: user.role, label: user.email };
}

export function ctxFor(user: Pick<User, "id" | "role" | "email">, extra: Partial<Ctx> = {}): Ctx {
  return { actor: userActorFor(user), db: getDb(), ...extra };
}
