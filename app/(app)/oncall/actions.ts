"use server";

import { revalidatePath } from "next/cache";
import { getTranslations } from "next-intl/server";
import { requireUser, userCtx } from "@/lib/auth/current-user";
import { type FormState, formString, runFormAction } from "@/lib/forms";
import { acknowledgeIncident, resolveIncident } from "@/lib/oncall/acknowledge";
import { escalateIncident } from "@/lib/oncall/escalation";
import { addComment } from "@/lib/tickets/comment";

function phonePaths(number: string) {
  revalidatePath("/oncall");
  revalidatePath(`/oncall/${number}`);
  revalidatePath(`/tickets/${number}`);
}

async function phoneAction(form: FormData, act: (number: string) => Promise<unknown>, key: string) {
  const t = await getTranslations("phone");
  const number = formString(form, "number") ?? "";
  return runFormAction(async () => {
    await act(number);
    phonePaths(number);
    return { message: t(key, { number }) };
  });
}

export async function acknowledgeAction(_: FormState, form: FormData): Promise<FormState> {
  const ctx = await userCtx(await requireUser());
  return phoneAction(form, (number) => acknowledgeIncident(ctx, { number }), "acknowledgedDone");
}

export async function resolveAction(_: FormState, form: FormData): Promise<FormState> {
  const ctx = await userCtx(await requireUser());
  return phoneAction(
    form,
    (number) =>
      resolveIncident(ctx, {
        number,
        resolutionCode: (formString(form, "resolutionCode") || "fixed") as "fixed",
        note: formString(form, "note"),
      }),
    "resolvedDone",
  );
}

export async function noteAction(_: FormState, form: FormData): Promise<FormState> {
  const ctx = await userCtx(await requireUser());
  return phoneAction(
    form,
    (number) => addComment(ctx, { number, body: formString(form, "body") ?? "", internal: true }),
    "noteAdded",
  );
}

export async function escalateAction(_: FormState, form: FormData): Promise<FormState> {
  const ctx = await userCtx(await requireUser());
  return phoneAction(form, (number) => escalateIncident(ctx, { number }), "escalatedDone");
}
