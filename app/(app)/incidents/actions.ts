"use server";

import { formString, userFormAction } from "@/lib/forms";
import { acknowledgeIncident, reopenIncident, resolveIncident } from "@/lib/incidents/transitions";

const byNumber = (form: FormData) => ({ number: formString(form, "number") ?? "" });
const revalidate = ["/incidents", "/alerts"];

export const acknowledgeIncidentAction = userFormAction({
  verb: acknowledgeIncident,
  input: byNumber,
  revalidate,
  message: { namespace: "incidents", key: "acknowledged" },
});

export const resolveIncidentAction = userFormAction({
  verb: resolveIncident,
  input: byNumber,
  revalidate,
  message: { namespace: "incidents", key: "resolved" },
});

export const reopenIncidentAction = userFormAction({
  verb: reopenIncident,
  input: byNumber,
  revalidate,
  message: { namespace: "incidents", key: "reopened" },
});
