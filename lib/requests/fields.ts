import type { RequestField } from "@/db/schema";
import { AppError, type FieldErrors } from "@/lib/errors";

export type RequestFieldValues = Record<string, string | number | boolean>;

// Checks submitted values against a request type's own fields; unknown keys are dropped, never stored.
export function validateRequestFields(fields: RequestField[], input: Record<string, unknown>): RequestFieldValues {
  const values: RequestFieldValues = {};
  const errors: FieldErrors = {};
  for (const field of fields) {
    const raw = input[field.key];
    const key = `requestFields.${field.key}`;
    const isEmpty = raw === undefined || raw === null || raw === "" || (field.type === "checkbox" && raw === false);
    if (isEmpty) {
      if (field.isRequired) errors[key] = [`${field.label} is required`];
      if (field.type === "checkbox") values[field.key] = false;
      continue;
    }
    switch (field.type) {
      case "checkbox":
        values[field.key] = raw === true || raw === "true" || raw === "on";
        break;
      case "number": {
        const n = typeof raw === "number" ? raw : Number(String(raw).trim());
        if (!Number.isFinite(n)) errors[key] = [`${field.label} must be a number`];
        else values[field.key] = n;
        break;
      }
      case "date": {
        const text = String(raw).trim();
        if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || Number.isNaN(Date.parse(text))) {
          errors[key] = [`${field.label} must be a date (YYYY-MM-DD)`];
        } else values[field.key] = text;
        break;
      }
      case "select": {
        const text = String(raw);
        if (!(field.options ?? []).includes(text)) errors[key] = [`${field.label}: choose one of the options`];
        else values[field.key] = text;
        break;
      }
      default: {
        const text = String(raw).trim();
        const max = field.type === "textarea" ? 5000 : 500;
        if (text.length > max) errors[key] = [`${field.label} is at most ${max} characters`];
        else values[field.key] = text;
      }
    }
  }
  if (Object.keys(errors).length) {
    const summary = Object.entries(errors)
      .map(([k, v]) => `${k}: ${v[0]}`)
      .join("; ");
    throw new AppError("invalid", summary, { fields: errors });
  }
  return values;
}
