"use server";

import { revalidatePath } from "next/cache";
import { getTranslations } from "next-intl/server";
import { requireUser, userCtx } from "@/lib/auth/current-user";
import { type FormState, formString, runFormAction, userFormAction } from "@/lib/forms";
import { targetsFromForm } from "@/lib/sla/form-input";
import {
  type CreateSlaPolicy,
  createSlaPolicy,
  deleteSlaPolicy,
  moveSlaPolicy,
  setSlaPolicyActive,
  updateSlaPolicy,
} from "@/lib/sla/policies";

const PATHS = ["/admin/sla", "/admin/calendars"];

function formStrings(form: FormData, name: string): string[] {
  return form.getAll(name).filter((v): v is string => typeof v === "string" && v !== "");
}

function policyInput(form: FormData) {
  const warn = formString(form, "warnPercent")?.trim();
  return {
    name: formString(form, "name") ?? "",
    ticketTypes: formStrings(form, "ticketTypes") as CreateSlaPolicy["ticketTypes"],
    priorities: formStrings(form, "priorities") as CreateSlaPolicy["priorities"],
    serviceIds: formStrings(form, "serviceIds"),
    teamIds: formStrings(form, "teamIds"),
    calendarId: formString(form, "calendarId") ?? "",
    targets: targetsFromForm((name) => formString(form, name)),
    pauseStatuses: formStrings(form, "pauseStatuses") as CreateSlaPolicy["pauseStatuses"],
    warnPercent: warn ? Number(warn) : undefined,
  };
}

export const createPolicyAction = userFormAction({
  verb: createSlaPolicy,
  input: policyInput,
  revalidate: PATHS,
  message: { namespace: "slaAdmin.policies", key: "created" },
});

export const updatePolicyAction = userFormAction({
  verb: updateSlaPolicy,
  input: (form) => ({ ...policyInput(form), policyId: formString(form, "policyId") ?? "" }),
  revalidate: PATHS,
  message: { namespace: "common", key: "saved" },
});

export const deletePolicyAction = userFormAction({
  verb: deleteSlaPolicy,
  input: (form) => ({ policyId: formString(form, "policyId") ?? "" }),
  revalidate: PATHS,
});

export const movePolicyAction = userFormAction({
  verb: moveSlaPolicy,
  input: (form) => ({
    policyId: formString(form, "policyId") ?? "",
    direction: formString(form, "direction") === "up" ? ("up" as const) : ("down" as const),
  }),
  revalidate: PATHS,
});

export async function setPolicyActiveAction(_: FormState, form: FormData): Promise<FormState> {
  const user = await requireUser();
  return runFormAction(async () => {
    const isActive = formString(form, "isActive") === "true";
    await setSlaPolicyActive(await userCtx(user), { policyId: formString(form, "policyId") ?? "", isActive });
    for (const path of PATHS) revalidatePath(path);
    const t = await getTranslations("slaAdmin.policies");
    return { message: t(isActive ? "activated" : "deactivated") };
  });
}
