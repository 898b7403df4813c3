"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { getTranslations } from "next-intl/server";
import { requireUser, userCtx } from "@/lib/auth/current-user";
import { type FormState, formString, runFormAction, userFormAction } from "@/lib/forms";
import { createNotificationRule, deleteNotificationRule, updateNotificationRule } from "@/lib/notify/rules";
import { browserLabel, sendTestNotification, subscribePush, unsubscribePush } from "@/lib/notify/subscriptions";

const PATH = "/settings/notifications";

const ruleInput = (form: FormData) => ({
  channel: (formString(form, "channel") ?? "") as "email" | "push",
  delayMinutes: Number(formString(form, "delayMinutes") ?? "0"),
  priorities: form.getAll("priorities").map(String) as never,
});

export const createRuleAction = userFormAction({
  verb: createNotificationRule,
  input: ruleInput,
  revalidate: [PATH],
  message: { namespace: "notifySettings", key: "ruleSaved" },
});

export const updateRuleAction = userFormAction({
  verb: updateNotificationRule,
  input: (form) => ({ ruleId: formString(form, "ruleId") ?? "", ...ruleInput(form) }),
  revalidate: [PATH],
  message: { namespace: "notifySettings", key: "ruleSaved" },
});

export const deleteRuleAction = userFormAction({
  verb: deleteNotificationRule,
  input: (form) => ({ ruleId: formString(form, "ruleId") ?? "" }),
  revalidate: [PATH],
});

export const unsubscribeAction = userFormAction({
  verb: unsubscribePush,
  input: (form) => ({ subscriptionId: formString(form, "subscriptionId") ?? "" }),
  revalidate: [PATH],
  message: { namespace: "notifySettings", key: "removed" },
});

// Called by the Enable button with what pushManager.subscribe() returned.
export async function subscribeBrowserAction(subscription: {
  endpoint: string;
  keys: { p256dh: string; auth: string };
}): Promise<FormState> {
  const user = await requireUser();
  const t = await getTranslations("notifySettings");
  return runFormAction(async () => {
    await subscribePush(await userCtx(user), {
      endpoint: subscription.endpoint,
      keys: { p256dh: subscription.keys?.p256dh, auth: subscription.keys?.auth },
      label: browserLabel((await headers()).get("user-agent")),
    });
    revalidatePath(PATH);
    return { message: t("enabled") };
  });
}

export async function testNotificationAction(_: FormState, form: FormData): Promise<FormState> {
  const user = await requireUser();
  const t = await getTranslations("notifySettings");
  return runFormAction(async () => {
    const result = await sendTestNotification(await userCtx(user), {
      channel: (formString(form, "channel") ?? "") as "email" | "push",
      subscriptionId: formString(form, "subscriptionId") || undefined,
    });
    revalidatePath(PATH);
    if (result.failed.length) {
      return { message: t("testFailed", { error: result.failed.map((f) => f.error).join("; ") }) };
    }
    return { message: t(result.channel === "email" ? "testEmailSent" : "testPushSent") };
  });
}
