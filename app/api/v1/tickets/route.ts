import { etag, parseBody, readJsonBody } from "@/lib/api/body";
import { withApiToken } from "@/lib/api/handler";
import { CreateTicketBody } from "@/lib/api/schemas";
import { createTicket } from "@/lib/tickets/create";
import { alertsForTickets, listTickets } from "@/lib/tickets/queries";
import { serializeTicket, ticketResource } from "@/lib/tickets/serialize";

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

export const POST = withApiToken(async (request, ctx) => {
  const input = parseBody(CreateTicketBody, await readJsonBody(request));
  const created = await createTicket(ctx, input);
  const data = await ticketResource(ctx, created.number);
  return Response.json(
    { data },
    { status: 201, headers: { Location: `/api/v1/tickets/${data.number}`, ETag: etag(data.version) } },
  );
});
