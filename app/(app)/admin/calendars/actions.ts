"use server";

import { revalidatePath } from "next/cache";
import { getTranslations } from "next-intl/server";
import { requireUser, userCtx } from "@/lib/auth/current-user";
import { type FormState, formString, runFormAction, userFormAction } from "@/lib/forms";
import {
  addCalendarHoliday,
  addKoreanPublicHolidays,
  createBusinessCalendar,
  deleteBusinessCalendar,
  removeCalendarHoliday,
  updateBusinessCalendar,
} from "@/lib/sla/calendars";
import { hoursFromForm } from "@/lib/sla/form-input";

const PATHS = ["/admin/calendars", "/admin/sla"];

function calendarInput(form: FormData) {
  return {
    name: formString(form, "name") ?? "",
    timeZone: formString(form, "timeZone") ?? "",
    hours: hoursFromForm((name) => form.getAll(name).map(String)),
  };
}

export const createCalendarAction = userFormAction({
  verb: createBusinessCalendar,
  input: calendarInput,
  revalidate: PATHS,
  message: { namespace: "slaAdmin.calendars", key: "created" },
});

export const updateCalendarAction = userFormAction({
  verb: updateBusinessCalendar,
  input: (form) => ({ ...calendarInput(form), calendarId: formString(form, "calendarId") ?? "" }),
  revalidate: PATHS,
  message: { namespace: "common", key: "saved" },
});

export const deleteCalendarAction = userFormAction({
  verb: deleteBusinessCalendar,
  input: (form) => ({ calendarId: formString(form, "calendarId") ?? "" }),
  revalidate: PATHS,
});

export const addHolidayAction = userFormAction({
  verb: addCalendarHoliday,
  input: (form) => ({
    calendarId: formString(form, "calendarId") ?? "",
    date: formString(form, "date") ?? "",
    name: formString(form, "name") ?? "",
  }),
  revalidate: PATHS,
  message: { namespace: "slaAdmin.calendars", key: "holidayAdded" },
});

export const removeHolidayAction = userFormAction({
  verb: removeCalendarHoliday,
  input: (form) => ({ holidayId: formString(form, "holidayId") ?? "" }),
  revalidate: PATHS,
});

export async function addKoreanHolidaysAction(_: FormState, form: FormData): Promise<FormState> {
  const user = await requireUser();
  return runFormAction(async () => {
    const { added } = await addKoreanPublicHolidays(await userCtx(user), {
      calendarId: formString(form, "calendarId") ?? "",
    });
    for (const path of PATHS) revalidatePath(path);
    const t = await getTranslations("slaAdmin.calendars");
    return { message: t("addedKorean", { count: added }) };
  });
}
