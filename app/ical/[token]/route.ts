import { getDb } from "@/db/client";
import { scheduleFeed } from "@/lib/oncall/ical";

export const dynamic = "force-dynamic";

// GET /ical/<token>[?user=<id>]: the token is the secret, so no session is needed (calendar apps have none).
export async function GET(request: Request, route: { params: Promise<Record<string, string | string[]>> }) {
  const { token } = (await route.params) as { token: string };
  const userId = new URL(request.url).searchParams.get("user") ?? undefined;
  const body = await scheduleFeed(getDb(), token, { userId });
  if (body === null) {
    return new Response("No calendar feed has this address; ask for a new link.\n", {
      status: 404,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
  }
  return new Response(body, {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": 'inline; filename="oncall.ics"',
      "Cache-Control": "private, max-age=300",
    },
  });
}
