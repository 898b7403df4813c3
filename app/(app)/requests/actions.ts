"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import type { RequestField } from "@/db/schema";
import { requireUser, userCtx } from "@/lib/auth/current-user";
import { AppError } from "@/lib/errors";
import { type FormState, formString, runFormAction } from "@/lib/forms";
import { listRequestCatalog } from "@/lib/requests/catalog";
import { validateRequestFields } from "@/lib/requests/fields";
import { localizeFormState } from "@/lib/requests/form-errors";
import { addComment } from "@/lib/tickets/comment";
import { createTicket } from "@/lib/tickets/create";

const FIELD_PREFIX = "requestFields.";

// Browsers submit textarea line breaks as CRLF; store them as the LF everything else uses.
function text(form: FormData, name: string) {
  return (formString(form, name) ?? "").replace(/\r\n?/g, "\n");
}

// createTicket stops at a bad title before it looks at the type's fields; show every problem in one round trip.
function withFieldErrors(state: FormState, fields: RequestField[], values: Record<string, string>): FormState {
  if (state.status !== "error" || !state.fields) return state;
  try {
    validateRequestFields(fields, values);
    return state;
  } catch (error) {
    const more = error instanceof AppError ? (error.details?.fields ?? {}) : {};
    return {
      ...state,
      fields: { ...Object.fromEntries(Object.entries(more).map(([k, v]) => [k, v[0]])), ...state.fields },
    };
  }
}

export async function createRequestAction(_: FormState, form: FormData): Promise<FormState> {
  const user = await requireUser();
  const ctx = await userCtx(user);
  const requestTypeId = formString(form, "requestTypeId") ?? "";
  const requestFields = Object.fromEntries(
    [...form.entries()]
      .filter(([name, value]) => name.startsWith(FIELD_PREFIX) && typeof value === "string")
      .map(([name]) => [name.slice(FIELD_PREFIX.length), text(form, name)]),
  );
  let number: string | undefined;
  const state = await runFormAction(async () => {
    const ticket = await createTicket(ctx, {
      type: "service_request",
      requestTypeId,
      requestFields,
      title: text(form, "title"),
      description: text(form, "description"),
    });
    number = ticket.number;
    return undefined;
  });
  if (state.status === "ok" && number) {
    revalidatePath("/requests");
    redirect(`/requests/${number}`);
  }
  const type = (await listRequestCatalog(ctx)).flatMap((c) => c.types).find((t) => t.id === requestTypeId);
  if (!type) return localizeFormState(state);
  return localizeFormState(withFieldErrors(state, type.fields, requestFields), { fields: type.fields, form });
}

export async function addRequestCommentAction(_: FormState, form: FormData): Promise<FormState> {
  const user = await requireUser();
  const number = formString(form, "number") ?? "";
  const state = await runFormAction(async () => {
    await addComment(await userCtx(user), { number, body: text(form, "body"), internal: false });
    revalidatePath(`/requests/${number}`);
    revalidatePath("/requests");
    return { message: (await getTranslations("requests"))("commented") };
  });
  return localizeFormState(state);
}
