import { getCurrentUser, userCtx } from "@/lib/auth/current-user";
import { AppError, errorResponse } from "@/lib/errors";
import { attachmentData } from "@/lib/tickets/attachments";
import { loadTicketPage } from "@/lib/tickets/page";

// A file from the portal view: only those the requester's view of the ticket lists, always as a download.
export async function GET(_request: Request, { params }: { params: Promise<{ number: string; id: string }> }) {
  const { number, id } = await params;
  try {
    const user = await getCurrentUser();
    if (!user) throw new AppError("unauthorized", "Sign in to download attachments");
    const ctx = await userCtx(user);
    const page = await loadTicketPage(ctx, number, { publicOnly: true });
    const listed = page.attachments.find((a) => a.id === id);
    const file = listed ? await attachmentData(ctx.db, page.ticket.id, listed.id) : undefined;
    if (!file) throw new AppError("not_found", "No such attachment");
    return new Response(new Uint8Array(file.data), {
      headers: {
        "Content-Type": file.contentType,
        "Content-Length": String(file.data.length),
        "Content-Disposition": `attachment; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "private, no-store",
      },
    });
  } catch (error) {
    return errorResponse(error);
  }
}
