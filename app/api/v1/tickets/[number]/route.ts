import { etag, parseBody, readJsonBody, versionFromIfMatch } from "@/lib/api/body";
import { withApiToken } from "@/lib/api/handler";
import { UpdateTicketBody } from "@/lib/api/schemas";
import { AppError } from "@/lib/errors";
import { ticketResource } from "@/lib/tickets/serialize";
import { updateTicket } from "@/lib/tickets/update";

export const GET = withApiToken(async (_request, ctx, route) => {
  const { number } = (await route.params) as { number: string };
  const data = await ticketResource(ctx, number);
  return Response.json({ data }, { headers: { ETag: etag(data.version) } });
});

export const PATCH = withApiToken(async (request, ctx, route) => {
  const { number } = (await route.params) as { number: string };
  const headerVersion = versionFromIfMatch(request);
  const input = parseBody(UpdateTicketBody, await readJsonBody(request));
  if (headerVersion !== undefined && input.version !== undefined && headerVersion !== input.version) {
    throw new AppError("invalid", `version: ${input.version} disagrees with If-Match ${etag(headerVersion)}`, {
      fields: { version: ["Disagrees with If-Match"] },
    });
  }
  const updated = await updateTicket(ctx, { ...input, number, version: input.version ?? headerVersion });
  const data = await ticketResource(ctx, updated.number);
  return Response.json({ data }, { headers: { ETag: etag(data.version) } });
});
