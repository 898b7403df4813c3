import type { ApiToken } from "@/db/schema";
import { createApiToken } from "@/lib/tokens/create";
import { factoryCtx } from "./context";
import { uniqueName } from "./unique";

export type TestApiTokenOptions = { userId: string; name?: string; expiresInDays?: number };

export function createTestApiToken(options: TestApiTokenOptions): Promise<{ token: ApiToken; secret: string }> {
  return createApiToken(factoryCtx(), {
    userId: options.userId,
    name: options.name ?? uniqueName("token"),
    expiresInDays: options.expiresInDays,
  });
}
