"use server";

import { AppError } from "@/lib/errors";
import { type FormState, formString, userFormAction } from "@/lib/forms";
import messages from "@/lib/i18n/messages/en.requests.json" with { type: "json" };
import {
  createRequestCategory,
  createRequestType,
  deleteRequestCategory,
  updateRequestCategory,
  updateRequestType,
} from "@/lib/requests/catalog";
import { localizeFormState } from "@/lib/requests/form-errors";

const PATHS = ["/admin/catalog", "/requests/new"];

function localized(action: (state: FormState, form: FormData) => Promise<FormState>) {
  return async (state: FormState, form: FormData) => localizeFormState(await action(state, form));
}

function text(form: FormData, name: string) {
  return (formString(form, name) ?? "").replace(/\r\n?/g, "\n");
}

function categoryInput(form: FormData) {
  return {
    name: formString(form, "name") ?? "",
    description: text(form, "description"),
    position: formString(form, "position") || 0,
  };
}

function fieldsInput(form: FormData): unknown {
  try {
    return JSON.parse(formString(form, "fields") || "[]");
  } catch {
    const message = messages.requestCatalog.errors.fieldsMalformed;
    throw new AppError("invalid", message, { fields: { fields: [message] } });
  }
}

function typeInput(form: FormData) {
  return {
    categoryId: formString(form, "categoryId") ?? "",
    name: formString(form, "name") ?? "",
    description: text(form, "description"),
    fields: fieldsInput(form) as never,
    defaultImpact: formString(form, "defaultImpact") || 3,
    defaultUrgency: formString(form, "defaultUrgency") || 3,
    teamId: formString(form, "teamId") || null,
    isActive: formString(form, "isActive") === "on",
    position: formString(form, "position") || 0,
  };
}

export const createCategoryAction = localized(
  userFormAction({
    verb: createRequestCategory,
    input: categoryInput,
    revalidate: PATHS,
    message: { namespace: "requestCatalog", key: "categoryCreated" },
  }),
);

export const updateCategoryAction = localized(
  userFormAction({
    verb: updateRequestCategory,
    input: (form) => ({ ...categoryInput(form), categoryId: formString(form, "categoryId") ?? "" }),
    revalidate: PATHS,
    message: { namespace: "common", key: "saved" },
  }),
);

export const deleteCategoryAction = localized(
  userFormAction({
    verb: deleteRequestCategory,
    input: (form) => ({ categoryId: formString(form, "categoryId") ?? "" }),
    revalidate: PATHS,
  }),
);

export const createTypeAction = localized(
  userFormAction({
    verb: createRequestType,
    input: typeInput,
    revalidate: PATHS,
    message: { namespace: "requestCatalog", key: "typeCreated" },
  }),
);

export const updateTypeAction = localized(
  userFormAction({
    verb: updateRequestType,
    input: (form) => ({ ...typeInput(form), requestTypeId: formString(form, "requestTypeId") ?? "" }),
    revalidate: PATHS,
    message: { namespace: "common", key: "saved" },
  }),
);
