"use server";

import { formString, userFormAction } from "@/lib/forms";
import {
  createEscalationPolicy,
  deleteEscalationPolicy,
  setEscalationPolicyLink,
  updateEscalationPolicy,
} from "@/lib/oncall/policies";

const PATHS = ["/oncall/policies", "/services", "/teams"];

// Form numbers arrive as text: empty means "not given" (the verb's default), a non-number is left for the verb to refuse.
function numberOr<T>(form: FormData, name: string, empty: T): number | T {
  const raw = formString(form, name)?.trim();
  if (!raw) return empty;
  const n = Number(raw);
  return Number.isFinite(n) ? n : (raw as unknown as number);
}

function stepsFrom(form: FormData): unknown {
  try {
    return JSON.parse(formString(form, "steps") ?? "[]");
  } catch {
    return [];
  }
}

function policyInput(form: FormData) {
  return {
    name: formString(form, "name") ?? "",
    description: formString(form, "description") ?? "",
    steps: stepsFrom(form) as never,
    repeatCount: numberOr(form, "repeatCount", undefined),
    repeatAfterMinutes: numberOr(form, "repeatAfterMinutes", undefined),
    ackTimeoutMinutes: numberOr(form, "ackTimeoutMinutes", null),
    isDefault: formString(form, "isDefault") === "true",
  };
}

export const createPolicyAction = userFormAction({
  verb: createEscalationPolicy,
  input: policyInput,
  revalidate: PATHS,
  message: { namespace: "escalationPolicies", key: "created" },
  redirectTo: "/oncall/policies",
});

export const updatePolicyAction = userFormAction({
  verb: updateEscalationPolicy,
  input: (form) => ({
    ...policyInput(form),
    policyId: formString(form, "policyId") ?? "",
    version: numberOr(form, "version", undefined),
  }),
  revalidate: PATHS,
  message: { namespace: "common", key: "saved" },
});

export const deletePolicyAction = userFormAction({
  verb: deleteEscalationPolicy,
  input: (form) => ({ policyId: formString(form, "policyId") ?? "" }),
  revalidate: PATHS,
  redirectTo: "/oncall/policies",
});

export const linkPolicyAction = userFormAction({
  verb: setEscalationPolicyLink,
  input: (form) => ({
    subjectType: (formString(form, "subjectType") ?? "") as never,
    subjectId: formString(form, "subjectId") ?? "",
    policyId: formString(form, "policyId") ?? null,
  }),
  revalidate: PATHS,
  message: { namespace: "escalationPolicies", key: "select.saved" },
});
