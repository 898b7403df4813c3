"use server";

import { revalidatePath } from "next/cache";
import { getTranslations } from "next-intl/server";
import { requireUser, userCtx } from "@/lib/auth/current-user";
import { type FormState, formString, runFormAction, userFormAction } from "@/lib/forms";
import { createIntegration } from "@/lib/integrations/create";
import { rotateIntegrationKey, setIntegrationEnabled } from "@/lib/integrations/manage";
import { senderSnippet } from "@/lib/integrations/snippets";

const PATH = "/admin/integrations";

export async function createIntegrationAction(_: FormState, form: FormData): Promise<FormState> {
  const user = await requireUser();
  const t = await getTranslations("integrations");
  return runFormAction(async () => {
    const { integration, key, url } = await createIntegration(await userCtx(user), {
      kind: (formString(form, "kind") ?? "") as never,
      name: formString(form, "name") ?? "",
      serviceId: formString(form, "serviceId"),
      teamId: formString(form, "teamId"),
    });
    revalidatePath(PATH);
    return {
      message: t("created"),
      data: { key, url, kind: integration.kind, snippet: senderSnippet(integration.kind, url, key) },
    };
  });
}

export async function rotateIntegrationKeyAction(_: FormState, form: FormData): Promise<FormState> {
  const user = await requireUser();
  const t = await getTranslations("integrations");
  return runFormAction(async () => {
    const { integration, key, url } = await rotateIntegrationKey(await userCtx(user), {
      integrationId: formString(form, "integrationId") ?? "",
    });
    revalidatePath(PATH);
    return {
      message: t("rotated"),
      data: { key, url, kind: integration.kind, snippet: senderSnippet(integration.kind, url, key) },
    };
  });
}

export const setIntegrationEnabledAction = userFormAction({
  verb: setIntegrationEnabled,
  input: (form) => ({
    integrationId: formString(form, "integrationId") ?? "",
    isEnabled: formString(form, "isEnabled") === "true",
  }),
  revalidate: [PATH],
});
