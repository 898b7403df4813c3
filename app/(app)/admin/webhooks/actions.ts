"use server";

import { revalidatePath } from "next/cache";
import { getTranslations } from "next-intl/server";
import { requireUser, userCtx } from "@/lib/auth/current-user";
import { type FormState, formString, runFormAction, userFormAction } from "@/lib/forms";
import { createWebhook, deleteWebhook, updateWebhook } from "@/lib/notify/webhooks";

const PATH = "/admin/webhooks";

export async function createWebhookAction(_: FormState, form: FormData): Promise<FormState> {
  const user = await requireUser();
  const t = await getTranslations("webhooksAdmin");
  return runFormAction(async () => {
    const { secret } = await createWebhook(await userCtx(user), {
      name: formString(form, "name") ?? "",
      url: formString(form, "url") ?? "",
      format: (formString(form, "format") ?? "json") as "json" | "slack",
    });
    revalidatePath(PATH);
    return { message: t("created"), data: { secret } };
  });
}

export const updateWebhookAction = userFormAction({
  verb: updateWebhook,
  input: (form) => ({
    webhookId: formString(form, "webhookId") ?? "",
    name: formString(form, "name"),
    url: formString(form, "url"),
    format: formString(form, "format") as "json" | "slack" | undefined,
    isActive: formString(form, "isActive") === undefined ? undefined : formString(form, "isActive") === "true",
  }),
  revalidate: [PATH],
  message: { namespace: "webhooksAdmin", key: "saved" },
});

export const deleteWebhookAction = userFormAction({
  verb: deleteWebhook,
  input: (form) => ({ webhookId: formString(form, "webhookId") ?? "" }),
  revalidate: [PATH],
});
