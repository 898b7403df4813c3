import type { Ctx } from "@/lib/context";
import { errorResponse } from "@/lib/errors";
import { authenticateBearer } from "@/lib/tokens/authenticate";

type RouteContext = { params: Promise<Record<string, string | string[]>> };

// Every /api/v1 handler authenticates its bearer token here; permission checks stay in the verbs it calls.
export function withApiToken(handler: (request: Request, ctx: Ctx, route: RouteContext) => Promise<Response>) {
  return async (request: Request, route: RouteContext) => {
    try {
      const ctx = await authenticateBearer(request);
      return await handler(request, ctx, route);
    } catch (error) {
      return errorResponse(error);
    }
  };
}
