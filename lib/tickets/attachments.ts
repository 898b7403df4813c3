import { createHash } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { ticketAttachments } from "@/db/schema";
import { actorUserId } from "@/lib/auth/permissions";
import type { Ctx } from "@/lib/context";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";

export type AttachmentUpload = { filename: string; contentType: string; data: Buffer };

export const MAX_ATTACHMENTS_PER_COMMENT = 5;

// Types a browser cannot run as a page: no HTML, SVG or scripts. Served back as downloads with nosniff.
export const ALLOWED_TYPES: Record<string, string[]> = {
  "image/png": ["png"],
  "image/jpeg": ["jpg", "jpeg"],
  "image/gif": ["gif"],
  "image/webp": ["webp"],
  "application/pdf": ["pdf"],
  "text/plain": ["txt", "log", "conf", "cfg", "ini", "yaml", "yml"],
  "text/csv": ["csv"],
  "application/json": ["json"],
  "application/zip": ["zip"],
  "application/gzip": ["gz", "tgz"],
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ["docx"],
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ["xlsx"],
  "application/vnd.openxmlformats-officedocument.presentationml.presentation": ["pptx"],
};

export function checkAttachment(file: AttachmentUpload): { filename: string; contentType: string } {
  const filename = file.filename
    .replace(/[\\/]/g, "_")
    .replace(/\p{Cc}/gu, "_")
    .trim()
    .slice(0, 200);
  if (!filename)
    throw new AppError("invalid", "attachments: a file has no name", {
      fields: { attachments: ["A file has no name"] },
    });
  const maxBytes = Math.floor(env().ATTACHMENT_MAX_MB * 1024 * 1024);
  if (file.data.length === 0) {
    throw new AppError("invalid", `attachments: ${filename} is empty`, {
      fields: { attachments: [`${filename} is empty`] },
    });
  }
  if (file.data.length > maxBytes) {
    throw new AppError("too_large", `attachments: ${filename} is larger than ${env().ATTACHMENT_MAX_MB} MB`, {
      fields: { attachments: [`${filename} is larger than ${env().ATTACHMENT_MAX_MB} MB`] },
    });
  }
  const extension = filename.includes(".") ? (filename.split(".").pop()?.toLowerCase() ?? "") : "";
  const contentType = Object.entries(ALLOWED_TYPES).find(([, extensions]) => extensions.includes(extension))?.[0];
  if (!contentType) {
    throw new AppError("invalid", `attachments: files of type .${extension || "(none)"} are not allowed`, {
      fields: { attachments: [`Files of type .${extension || "(none)"} are not allowed`] },
    });
  }
  return { filename, contentType };
}

export async function storeAttachments(
  tx: DbOrTx,
  ctx: Ctx,
  ticketId: string,
  activityId: number,
  files: AttachmentUpload[],
) {
  if (files.length > MAX_ATTACHMENTS_PER_COMMENT) {
    throw new AppError("invalid", `attachments: at most ${MAX_ATTACHMENTS_PER_COMMENT} files per comment`, {
      fields: { attachments: [`At most ${MAX_ATTACHMENTS_PER_COMMENT} files per comment`] },
    });
  }
  const checked = files.map((file) => ({ ...file, ...checkAttachment(file) }));
  if (!checked.length) return [];
  return tx
    .insert(ticketAttachments)
    .values(
      checked.map((file) => ({
        ticketId,
        activityId,
        filename: file.filename,
        contentType: file.contentType,
        sizeBytes: file.data.length,
        sha256: createHash("sha256").update(file.data).digest("hex"),
        data: file.data,
        uploadedById: actorUserId(ctx.actor),
      })),
    )
    .returning({
      id: ticketAttachments.id,
      filename: ticketAttachments.filename,
      contentType: ticketAttachments.contentType,
      sizeBytes: ticketAttachments.sizeBytes,
    });
}

export async function attachmentsOf(db: DbOrTx, ticketId: string) {
  return db
    .select({
      id: ticketAttachments.id,
      activityId: ticketAttachments.activityId,
      filename: ticketAttachments.filename,
      contentType: ticketAttachments.contentType,
      sizeBytes: ticketAttachments.sizeBytes,
      createdAt: ticketAttachments.createdAt,
    })
    .from(ticketAttachments)
    .where(eq(ticketAttachments.ticketId, ticketId));
}

export async function attachmentData(db: DbOrTx, ticketId: string, id: string) {
  const [row] = await db
    .select()
    .from(ticketAttachments)
    .where(and(eq(ticketAttachments.ticketId, ticketId), eq(ticketAttachments.id, id)));
  return row;
}
