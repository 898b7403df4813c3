import { getDb } from "@/db/client";
import { getCurrentUser, userActor } from "@/lib/auth/current-user";
import { errorResponse } from "@/lib/errors";
import { attachmentData } from "@/lib/tickets/attachments";
import { loadTicketPage } from "@/lib/tickets/page";

// Downloads only, never rendered inline: the sandbox CSP and nosniff keep a crafted file from running as a page.
export async function GET(_request: Request, route: { params: Promise<{ number: string; id: string }> }) {
  try {
    const user = await getCurrentUser();
    if (!user) return Response.json({ error: { code: "unauthorized", message: "Sign in first" } }, { status: 401 });
    const { number, id } = await route.params;
    const ctx = { actor: userActor(user), db: getDb() };
    const page = await loadTicketPage(ctx, number);
    if (!page.attachments.some((a) => a.id === id) || !/^[0-9a-f-]{36}$/i.test(id)) {
      return Response.json({ error: { code: "not_found", message: "No such attachment" } }, { status: 404 });
    }
    const file = await attachmentData(ctx.db, page.ticket.id, id);
    if (!file) return Response.json({ error: { code: "not_found", message: "No such attachment" } }, { status: 404 });
    return new Response(new Uint8Array(file.data), {
      headers: {
        "Content-Type": file.contentType,
        "Content-Length": String(file.sizeBytes),
        "Content-Disposition": `attachment; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "sandbox; default-src 'none'",
        "Cache-Control": "private, no-store",
      },
    });
  } catch (error) {
    return errorResponse(error);
  }
}
