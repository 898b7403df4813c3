import { withApiToken } from "@/lib/api/handler";
import { getSlaReport, type SlaReportInput } from "@/lib/sla/report";

export const GET = withApiToken(async (request, ctx) => {
  const params = Object.fromEntries(new URL(request.url).searchParams) as SlaReportInput;
  return Response.json({ data: await getSlaReport(ctx, params) });
});
