"use server";

import { formNumber, formString, userFormAction } from "@/lib/forms";
import {
  createEscalationPolicy,
  deleteEscalationPolicy,
  setEscalationPolicyLink,
  updateEscalationPolicy,
} from "@/lib/oncall/policies";

const PATHS = ["/oncall/policies", "/services", "/teams"];

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
    repeatCount: formNumber(form, "repeatCount", undefined),
    repeatAfterMinutes: formNumber(form, "repeatAfterMinutes", undefined),
    ackTimeoutMinutes: formNumber(form, "ackTimeoutMinutes", null),
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
    version: formNumber(form, "version", undefined),
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
