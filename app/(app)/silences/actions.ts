"use server";

import { revalidatePath } from "next/cache";
import { getTimeZone, getTranslations } from "next-intl/server";
import { requireUser, userCtx } from "@/lib/auth/current-user";
import type { Ctx } from "@/lib/context";
import { AppError, type FieldErrors } from "@/lib/errors";
import { type FormState, formString, runFormAction, userFormAction } from "@/lib/forms";
import { suppressionTimes } from "@/lib/silences/form-input";
import { cancelMaintenanceWindow, createMaintenanceWindow, createSilence, expireSilence } from "@/lib/silences/manage";
import { parseMatcherText } from "@/lib/silences/matcher-text";

const PATHS = ["/silences", "/maintenance", "/alerts"];

// Matchers and times come from text and datetime-local fields; their errors name the field (and line) they belong to.
async function sharedInput(form: FormData, extraFields: FieldErrors = {}) {
  const { matchers, errors: matcherErrors } = parseMatcherText(formString(form, "matchers"));
  const { startsAt, endsAt, errors } = suppressionTimes(
    {
      startsAt: formString(form, "startsAt"),
      startsAtDefault: formString(form, "startsAtDefault"),
      endsAt: formString(form, "endsAt"),
      duration: formString(form, "duration"),
    },
    await getTimeZone(),
  );
  const fields: FieldErrors = {
    ...extraFields,
    ...errors,
    ...(matcherErrors.length ? { matchers: matcherErrors } : {}),
  };
  const entries = Object.entries(fields);
  if (entries.length > 0 || !startsAt || !endsAt) {
    const summary = entries.map(([field, messages]) => `${field}: ${messages[0]}`).join("; ");
    throw new AppError("invalid", summary, { fields });
  }
  return { matchers, startsAt, endsAt, comment: formString(form, "comment") ?? "" };
}

async function run(work: (ctx: Ctx) => Promise<unknown>, messageKey: string) {
  const user = await requireUser();
  return runFormAction(async () => {
    await work(await userCtx(user));
    for (const path of PATHS) revalidatePath(path);
    return { message: (await getTranslations("silences"))(messageKey) };
  });
}

export async function createSilenceAction(_: FormState, form: FormData): Promise<FormState> {
  return run(async (ctx) => {
    await createSilence(ctx, await sharedInput(form));
  }, "created");
}

export async function createMaintenanceWindowAction(_: FormState, form: FormData): Promise<FormState> {
  return run(async (ctx) => {
    const name = formString(form, "name") ?? "";
    const input = await sharedInput(form, name.trim() ? {} : { name: ["Name is required"] });
    await createMaintenanceWindow(ctx, {
      ...input,
      name,
      serviceId: formString(form, "serviceId") || null,
    });
  }, "maintenanceCreated");
}

export const expireSilenceAction = userFormAction({
  verb: expireSilence,
  input: (form) => ({ silenceId: formString(form, "silenceId") ?? "" }),
  revalidate: PATHS,
  message: { namespace: "silences", key: "expired" },
});

export const cancelMaintenanceWindowAction = userFormAction({
  verb: cancelMaintenanceWindow,
  input: (form) => ({ windowId: formString(form, "windowId") ?? "" }),
  revalidate: PATHS,
  message: { namespace: "silences", key: "maintenanceCancelled" },
});
