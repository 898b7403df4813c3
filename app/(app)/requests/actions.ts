"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { requireUser, userCtx } from "@/lib/auth/current-user";
import { type FormState, formString, runFormAction } from "@/lib/forms";
import { listRequestCatalog } from "@/lib/requests/catalog";
import { localizeFormState } from "@/lib/requests/form-errors";
import { addComment } from "@/lib/tickets/comment";
import { createTicket } from "@/lib/tickets/create";

const FIELD_PREFIX = "requestFields.";

export async function createRequestAction(_: FormState, form: FormData): Promise<FormState> {
  const user = await requireUser();
  const ctx = await userCtx(user);
  const requestTypeId = formString(form, "requestTypeId") ?? "";
  const requestFields = Object.fromEntries(
    [...form.entries()]
      .filter(([name, value]) => name.startsWith(FIELD_PREFIX) && typeof value === "string")
      .map(([name, value]) => [name.slice(FIELD_PREFIX.length), value as string]),
  );
  let number: string | undefined;
  const state = await runFormAction(async () => {
    const ticket = await createTicket(ctx, {
      type: "service_request",
      requestTypeId,
      requestFields,
      title: formString(form, "title") ?? "",
      description: formString(form, "description") ?? "",
    });
    number = ticket.number;
    return undefined;
  });
  if (state.status === "ok" && number) {
    revalidatePath("/requests");
    redirect(`/requests/${number}`);
  }
  const type = (await listRequestCatalog(ctx)).flatMap((c) => c.types).find((t) => t.id === requestTypeId);
  return localizeFormState(state, type ? { fields: type.fields, form } : undefined);
}

export async function addRequestCommentAction(_: FormState, form: FormData): Promise<FormState> {
  const user = await requireUser();
  const number = formString(form, "number") ?? "";
  const state = await runFormAction(async () => {
    await addComment(await userCtx(user), { number, body: formString(form, "body") ?? "", internal: false });
    revalidatePath(`/requests/${number}`);
    revalidatePath("/requests");
    return { message: (await getTranslations("requests"))("commented") };
  });
  return localizeFormState(state);
}
