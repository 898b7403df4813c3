"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { requireUser, userCtx } from "@/lib/auth/current-user";
import { AppError, toAppError } from "@/lib/errors";
import { type FormState, formString, runFormAction, userFormAction } from "@/lib/forms";
import type { AttachmentUpload } from "@/lib/tickets/attachments";
import { bulkUpdateTickets } from "@/lib/tickets/bulk";
import { addComment } from "@/lib/tickets/comment";
import { createTicket } from "@/lib/tickets/create";
import { markDuplicate } from "@/lib/tickets/links";
import { type TicketChange, updateTicket } from "@/lib/tickets/update";
import { deleteView, saveView } from "@/lib/tickets/views";

const orNull = (value: string | undefined) => (value === undefined ? undefined : value || null);
const level = (value: string | undefined) => (value ? Number(value) : undefined);

function ticketPaths(number?: string) {
  revalidatePath("/tickets");
  revalidatePath("/incidents");
  if (number) revalidatePath(`/tickets/${number}`);
}

// A stale save answers with what changed and the version to save against, so the form keeps the user's input.
async function staleState(error: AppError): Promise<FormState> {
  const t = await getTranslations("ticket");
  const extra = (error.details?.extra ?? {}) as { currentVersion?: number; changes?: TicketChange[] };
  const changes = extra.changes ?? [];
  const fields = [...new Set(changes.map((c) => c.field))].map((f) => (t.has(`field.${f}`) ? t(`field.${f}`) : f));
  const who = [...new Set(changes.map((c) => c.by).filter(Boolean))].join(", ");
  return {
    status: "error",
    message: t("stale", { who: who || "?", fields: fields.join(", ") || "—" }),
    data: { version: String(extra.currentVersion ?? ""), stale: "1" },
    at: Date.now(),
  };
}

function ticketWrite(fn: () => Promise<unknown>, message: string, number?: string): Promise<FormState> {
  return runFormAction(async () => {
    await fn();
    ticketPaths(number);
    return { message };
  });
}

export async function updateTicketAction(_: FormState, form: FormData): Promise<FormState> {
  const user = await requireUser();
  const t = await getTranslations("ticket");
  const number = formString(form, "number") ?? "";
  const ctx = await userCtx(user);
  let version = "";
  try {
    const baseline = JSON.parse(formString(form, "baseline") || "{}") as Record<string, string>;
    const changed = (name: string) => {
      const value = name === "isMajor" ? (form.get("isMajor") === "on" ? "on" : "") : (formString(form, name) ?? "");
      return form.has(name) || name === "isMajor" ? (value === (baseline[name] ?? "") ? undefined : value) : undefined;
    };
    const isMajor = form.has("isMajorField") ? changed("isMajor") : undefined;
    const after = await updateTicket(ctx, {
      number,
      version: level(formString(form, "version")),
      title: changed("title"),
      description: changed("description"),
      impact: level(changed("impact")),
      urgency: level(changed("urgency")),
      isMajor: isMajor === undefined ? undefined : isMajor === "on",
      serviceId: orNull(changed("serviceId")),
      assetId: orNull(changed("assetId")),
      teamId: orNull(changed("teamId")),
      assigneeId: orNull(changed("assigneeId")),
      parentNumber: orNull(changed("parentNumber")?.trim()),
    });
    version = String(after.version);
  } catch (error) {
    const appError = toAppError(error);
    if (appError?.code === "conflict" && appError.details?.extra?.changes) return staleState(appError);
    return runFormAction(async () => {
      throw error;
    });
  }
  ticketPaths(number);
  return { status: "ok", message: t("saved"), data: { version }, at: Date.now() };
}

export async function changeStatusAction(_: FormState, form: FormData): Promise<FormState> {
  const user = await requireUser();
  const t = await getTranslations("ticket");
  const number = formString(form, "number") ?? "";
  const ctx = await userCtx(user);
  return ticketWrite(
    () =>
      updateTicket(ctx, {
        number,
        status: formString(form, "status") as never,
        pendingReason: formString(form, "pendingReason"),
        resolutionCode: (formString(form, "resolutionCode") || undefined) as never,
        resolutionNote: formString(form, "resolutionNote"),
      }),
    t("statusChanged"),
    number,
  );
}

export async function takeTicketAction(_: FormState, form: FormData): Promise<FormState> {
  const user = await requireUser();
  const t = await getTranslations("ticket");
  const number = formString(form, "number") ?? "";
  const ctx = await userCtx(user);
  const status = formString(form, "status");
  return ticketWrite(
    () =>
      updateTicket(ctx, {
        number,
        assigneeId: user.id,
        status: status === "new" ? "in_progress" : undefined,
      }),
    t("taken"),
    number,
  );
}

export async function acknowledgeTicketAction(_: FormState, form: FormData): Promise<FormState> {
  const user = await requireUser();
  const t = await getTranslations("ticket");
  const number = formString(form, "number") ?? "";
  const ctx = await userCtx(user);
  return ticketWrite(() => updateTicket(ctx, { number, status: "acknowledged" }), t("acknowledged"), number);
}

const MAX_UPLOAD_FILES = 5;

export async function commentAction(_: FormState, form: FormData): Promise<FormState> {
  const user = await requireUser();
  const t = await getTranslations("ticket");
  const number = formString(form, "number") ?? "";
  const ctx = await userCtx(user);
  const uploads = form.getAll("attachments").filter((f): f is File => f instanceof File && f.size > 0);
  return runFormAction(async () => {
    if (uploads.length > MAX_UPLOAD_FILES) {
      throw new AppError("invalid", `At most ${MAX_UPLOAD_FILES} files per comment`, {
        fields: { attachments: [`At most ${MAX_UPLOAD_FILES} files per comment`] },
      });
    }
    const files: AttachmentUpload[] = await Promise.all(
      uploads.map(async (f) => ({ filename: f.name, contentType: f.type, data: Buffer.from(await f.arrayBuffer()) })),
    );
    await addComment(
      ctx,
      { number, body: formString(form, "body") ?? "", internal: formString(form, "visibility") === "internal" },
      files,
    );
    ticketPaths(number);
    return { message: t("commented") };
  });
}

export const markDuplicateAction = userFormAction({
  verb: markDuplicate,
  input: (form) => ({ number: formString(form, "number") ?? "", duplicateOf: formString(form, "duplicateOf") ?? "" }),
  revalidate: ["/tickets"],
  message: { namespace: "ticket", key: "merged" },
});

export async function createTicketAction(_: FormState, form: FormData): Promise<FormState> {
  const user = await requireUser();
  const ctx = await userCtx(user);
  let number = "";
  const state = await runFormAction(async () => {
    const ticket = await createTicket(ctx, {
      type: formString(form, "type") as never,
      title: formString(form, "title") ?? "",
      description: formString(form, "description") ?? "",
      impact: level(formString(form, "impact")),
      urgency: level(formString(form, "urgency")),
      isMajor: form.get("isMajor") === "on",
      serviceId: formString(form, "serviceId") || null,
      assetId: formString(form, "assetId") || null,
      teamId: formString(form, "teamId") || null,
      assigneeId: formString(form, "assigneeId") || null,
    });
    number = ticket.number;
    ticketPaths();
    return {};
  });
  if (state.status === "ok") redirect(`/tickets/${number}`);
  return state;
}

export async function bulkAction(_: FormState, form: FormData): Promise<FormState> {
  const user = await requireUser();
  const t = await getTranslations("desk");
  const ctx = await userCtx(user);
  const assignee = formString(form, "assigneeId");
  let summary = "";
  const state = await runFormAction(async () => {
    const results = await bulkUpdateTickets(ctx, {
      numbers: form.getAll("numbers").map(String),
      assigneeId:
        assignee === "" || assignee === undefined
          ? undefined
          : assignee === "none"
            ? null
            : assignee === "me"
              ? user.id
              : assignee,
      status: (formString(form, "status") || undefined) as never,
      priority: (formString(form, "priority") || undefined) as never,
    });
    const failed = results.filter((r) => !r.ok);
    summary = failed.length
      ? t("bulkPartial", { ok: results.length - failed.length, failed: failed.map((f) => f.number).join(", ") })
      : t("bulkDone", { count: results.length });
    ticketPaths();
    return { message: summary };
  });
  return state;
}

export const saveViewAction = userFormAction({
  verb: saveView,
  input: (form) => ({
    name: formString(form, "name") ?? "",
    query: JSON.parse(formString(form, "query") || "{}") as Record<string, string>,
  }),
  revalidate: ["/tickets"],
  message: { namespace: "desk", key: "viewSaved" },
});

export const deleteViewAction = userFormAction({
  verb: deleteView,
  input: (form) => ({ viewId: formString(form, "viewId") ?? "" }),
  revalidate: ["/tickets"],
  message: { namespace: "desk", key: "viewDeleted" },
});
