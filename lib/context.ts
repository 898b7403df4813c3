import type { DbOrTx } from "@/db/client";
import type { Actor } from "@/lib/auth/permissions";

export type Ctx = {
  actor: Actor;
  db: DbOrTx;
  ip?: string | null;
  userAgent?: string | null;
};

export function systemCtx(db: DbOrTx, job: string): Ctx {
  return { actor: { type: "system", job }, db };
}
