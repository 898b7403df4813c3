import { withApiToken } from "@/lib/api/handler";
import { getMe } from "@/lib/users/list";

export const GET = withApiToken(async (_request, ctx) => Response.json({ data: await getMe(ctx) }));
