import { withApiToken } from "@/lib/api/handler";
import { alertsForTickets, getTicket } from "@/lib/tickets/queries";
import { serializeTicket } from "@/lib/tickets/serialize";

export const GET = withApiToken(async (_request, ctx, route) => {
  const { number } = (await route.params) as { number: string };
  const ticket = await getTicket(ctx, number);
  return Response.json({ data: serializeTicket(ticket, await alertsForTickets(ctx, [ticket.id])) });
});
