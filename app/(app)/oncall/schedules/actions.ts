"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import type { RotationKind } from "@/db/schema";
import { requireUser, userCtx } from "@/lib/auth/current-user";
import { AppError } from "@/lib/errors";
import { type FormState, formNumber, formString, runFormAction, userFormAction } from "@/lib/forms";
import {
  addLayer,
  addOverride,
  createSchedule,
  deleteLayer,
  deleteOverride,
  deleteSchedule,
  issueFeedToken,
  moveLayer,
  revokeFeedToken,
  updateLayer,
  updateSchedule,
} from "@/lib/oncall/schedules";
import { localInputToDate } from "@/lib/silences/form-input";
import { hoursFromForm } from "@/lib/sla/form-input";

const LIST = "/oncall/schedules";
// Every form on a schedule's page carries its scheduleId, so the page it changed is the one refreshed.
const paths = (form: FormData) => [LIST, `${LIST}/${formString(form, "scheduleId") ?? ""}`];
const saved = { namespace: "common", key: "saved" };
const said = (key: string) => ({ namespace: "schedules", key });

function scheduleInput(form: FormData) {
  return {
    name: formString(form, "name") ?? "",
    description: formString(form, "description") ?? "",
    timeZone: formString(form, "timeZone") ?? "",
    teamId: formString(form, "teamId") || null,
  };
}

// "Only during these times" with every range removed would silently mean around the clock: say so instead.
function layerInput(form: FormData) {
  const rotationKind = (formString(form, "rotationKind") ?? "") as RotationKind;
  const shift = formString(form, "shiftHours")?.trim();
  const isRestricted = formString(form, "restrictionMode") === "times";
  const restrictions = isRestricted ? hoursFromForm((name) => form.getAll(name).map(String), "restrictions") : [];
  if (isRestricted && restrictions.length === 0) {
    const message = "Add at least one time range, or choose around the clock";
    throw new AppError("invalid", `restrictions: ${message}`, { fields: { restrictions: [message] } });
  }
  return {
    name: formString(form, "name") ?? "",
    rotationKind,
    shiftHours: rotationKind === "custom" ? (shift ? Number(shift) : undefined) : undefined,
    startsAt: formString(form, "startsAt") ?? "",
    endsAt: formString(form, "endsAt")?.trim() || null,
    restrictions,
    members: form.getAll("members").map(String).filter(Boolean),
  };
}

export async function createScheduleAction(_: FormState, form: FormData): Promise<FormState> {
  const user = await requireUser();
  let id: string | undefined;
  const state = await runFormAction(async () => {
    id = (await createSchedule(await userCtx(user), scheduleInput(form))).id;
    revalidatePath(LIST);
    return undefined;
  });
  if (state.status === "ok" && id) redirect(`${LIST}/${id}`);
  return state;
}

export const updateScheduleAction = userFormAction({
  verb: updateSchedule,
  input: (form) => ({
    ...scheduleInput(form),
    scheduleId: formString(form, "scheduleId") ?? "",
    version: formNumber(form, "version", undefined),
  }),
  revalidate: paths,
  message: saved,
});

export const deleteScheduleAction = userFormAction({
  verb: deleteSchedule,
  input: (form) => ({ scheduleId: formString(form, "scheduleId") ?? "" }),
  revalidate: [LIST],
  redirectTo: LIST,
});

export const addLayerAction = userFormAction({
  verb: addLayer,
  input: (form) => ({ ...layerInput(form), scheduleId: formString(form, "scheduleId") ?? "" }),
  revalidate: paths,
  message: said("layerAdded"),
});

export const updateLayerAction = userFormAction({
  verb: updateLayer,
  input: (form) => ({
    ...layerInput(form),
    layerId: formString(form, "layerId") ?? "",
    version: formNumber(form, "version", undefined),
  }),
  revalidate: paths,
  message: saved,
});

export const deleteLayerAction = userFormAction({
  verb: deleteLayer,
  input: (form) => ({ layerId: formString(form, "layerId") ?? "" }),
  revalidate: paths,
});

export const moveLayerAction = userFormAction({
  verb: moveLayer,
  input: (form) => ({
    layerId: formString(form, "layerId") ?? "",
    direction: formString(form, "direction") === "up" ? ("up" as const) : ("down" as const),
  }),
  revalidate: paths,
});

// Override times come from datetime-local fields in the viewer's own time zone.
export async function addOverrideAction(state: FormState, form: FormData): Promise<FormState> {
  const { timezone } = await requireUser();
  const when = (name: string) => localInputToDate(formString(form, name), timezone) ?? undefined;
  return userFormAction({
    verb: addOverride,
    input: (f) => ({
      scheduleId: formString(f, "scheduleId") ?? "",
      userId: formString(f, "userId") ?? "",
      startsAt: when("startsAt") as Date,
      endsAt: when("endsAt") as Date,
      note: formString(f, "note") ?? "",
    }),
    revalidate: paths,
    message: said("overrideAdded"),
  })(state, form);
}

export const deleteOverrideAction = userFormAction({
  verb: deleteOverride,
  input: (form) => ({ overrideId: formString(form, "overrideId") ?? "" }),
  revalidate: paths,
});

export async function issueFeedAction(_: FormState, form: FormData): Promise<FormState> {
  const user = await requireUser();
  return runFormAction(async () => {
    const { url } = await issueFeedToken(await userCtx(user), { scheduleId: formString(form, "scheduleId") ?? "" });
    for (const path of paths(form)) revalidatePath(path);
    return { data: { url } };
  });
}

export const revokeFeedAction = userFormAction({
  verb: revokeFeedToken,
  input: (form) => ({ scheduleId: formString(form, "scheduleId") ?? "" }),
  revalidate: paths,
  message: said("feedRevoked"),
});
