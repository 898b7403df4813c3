import { getDb } from "@/db/client";
import { getCurrentUser, userActor } from "@/lib/auth/current-user";
import { errorResponse } from "@/lib/errors";
import { searchTickets } from "@/lib/tickets/search";

// The as-you-type box on the desk: the signed-in session, read-only, so no CSRF concern.
export async function GET(request: Request) {
  try {
    const user = await getCurrentUser();
    if (!user) return Response.json({ error: { code: "unauthorized", message: "Sign in first" } }, { status: 401 });
    const q = new URL(request.url).searchParams.get("q") ?? "";
    const rows = await searchTickets({ actor: userActor(user), db: getDb() }, { q, limit: 8 });
    return Response.json({
      data: rows.map((r) => ({ number: r.number, title: r.title, status: r.status, priority: r.priority })),
    });
  } catch (error) {
    return errorResponse(error);
  }
}
