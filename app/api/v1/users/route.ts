import { withApiToken } from "@/lib/api/handler";
import { listUsers } from "@/lib/users/list";

export const GET = withApiToken(async (_request, ctx) => Response.json({ data: await listUsers(ctx) }));
