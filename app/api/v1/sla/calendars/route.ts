import { withApiToken } from "@/lib/api/handler";
import { listBusinessCalendarResources } from "@/lib/sla/resources";

export const GET = withApiToken(async (_request, ctx) =>
  Response.json({ data: await listBusinessCalendarResources(ctx) }),
);
