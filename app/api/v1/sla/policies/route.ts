import { withApiToken } from "@/lib/api/handler";
import { listSlaPolicyResources } from "@/lib/sla/resources";

export const GET = withApiToken(async (_request, ctx) => Response.json({ data: await listSlaPolicyResources(ctx) }));
