import { withApiToken } from "@/lib/api/handler";
import { alertsForTickets, listTickets } from "@/lib/tickets/queries";
import { serializeTicket } from "@/lib/tickets/serialize";

export const GET = withApiToken(async (request, ctx) => {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const { rows, nextCursor } = await listTickets(ctx, params);
  const ticketAlerts = await alertsForTickets(
    ctx,
    rows.map((r) => r.id),
  );
  const data = rows.map((row) =>
    serializeTicket(
      row,
      ticketAlerts.filter((a) => a.incidentId === row.id),
    ),
  );
  return Response.json({ data, nextCursor });
});
