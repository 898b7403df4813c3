import { getTranslations } from "next-intl/server";
import type { RequestField } from "@/db/schema";
import type { FormState } from "@/lib/form-state";
import en from "@/lib/i18n/messages/en.requests.json" with { type: "json" };

const KEY_OF_MESSAGE = new Map<string, string>([
  ...Object.entries(en.requestCatalog.errors).map(([key, text]) => [text, `requestCatalog.errors.${key}`] as const),
  ...Object.entries(en.requests.ticketErrors).map(([key, text]) => [text, `requests.ticketErrors.${key}`] as const),
]);

type Translate = Awaited<ReturnType<typeof getTranslations<never>>>;

function localize(t: Translate, message: string | undefined) {
  const key = message ? KEY_OF_MESSAGE.get(message.replace(/^[\w.]+: /, "")) : undefined;
  return key ? t(key as never) : message;
}

// A request field's error says which rule failed; which one follows from the field's type and whether it was left empty.
function requestFieldMessage(t: Translate, field: RequestField, raw: FormDataEntryValue | null) {
  const isEmpty = raw === null || raw === "";
  if (isEmpty) return t("requests.fieldErrors.required");
  if (field.type === "number" || field.type === "date" || field.type === "select") {
    return t(`requests.fieldErrors.${field.type}`);
  }
  return t("requests.fieldErrors.tooLong", { max: field.type === "textarea" ? 5000 : 500 });
}

// The verbs speak English; this shows their messages for the catalog and the portal in the reader's language.
export async function localizeFormState(
  state: FormState,
  request?: { fields: RequestField[]; form: FormData },
): Promise<FormState> {
  if (state.status !== "error") return state;
  const t = (await getTranslations()) as unknown as Translate;
  const fields = state.fields
    ? Object.fromEntries(
        Object.entries(state.fields).map(([name, message]) => {
          const field =
            request && name.startsWith("requestFields.")
              ? request.fields.find((f) => `requestFields.${f.key}` === name)
              : undefined;
          return [
            name,
            field ? requestFieldMessage(t, field, request!.form.get(name)) : (localize(t, message) ?? message),
          ];
        }),
      )
    : undefined;
  return { ...state, message: localize(t, state.message), fields };
}
