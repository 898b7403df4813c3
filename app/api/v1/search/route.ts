import { withApiToken } from "@/lib/api/handler";
import { searchTickets } from "@/lib/tickets/search";
import { serializeSearchHit } from "@/lib/tickets/serialize";

export const GET = withApiToken(async (request, ctx) => {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const hits = await searchTickets(ctx, { ...params, q: params.q ?? "" });
  return Response.json({ data: hits.map(serializeSearchHit) });
});
