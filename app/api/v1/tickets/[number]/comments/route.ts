import { parseBody, readJsonBody } from "@/lib/api/body";
import { withApiToken } from "@/lib/api/handler";
import { AddCommentBody } from "@/lib/api/schemas";
import { addComment } from "@/lib/tickets/comment";
import { listComments } from "@/lib/tickets/comments";

export const GET = withApiToken(async (_request, ctx, route) => {
  const { number } = (await route.params) as { number: string };
  return Response.json({ data: await listComments(ctx, number) });
});

export const POST = withApiToken(async (request, ctx, route) => {
  const { number } = (await route.params) as { number: string };
  const input = parseBody(AddCommentBody, await readJsonBody(request));
  const comment = await addComment(ctx, { ...input, number });
  return Response.json(
    { data: { id: comment.id, visibility: comment.visibility, createdAt: comment.createdAt.toISOString() } },
    { status: 201 },
  );
});
