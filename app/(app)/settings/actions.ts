"use server";

import { revalidatePath } from "next/cache";
import { cookies } from "next/headers";
import { getTranslations } from "next-intl/server";
import { isTheme, THEME_COOKIE } from "@/components/shell/theme";
import { getCurrentUser, requireUser, userCtx } from "@/lib/auth/current-user";
import { type FormState, formString, runFormAction, userFormAction } from "@/lib/forms";
import { isLocale, LOCALE_COOKIE } from "@/lib/i18n/locale";
import { createApiToken } from "@/lib/tokens/create";
import { revokeApiToken } from "@/lib/tokens/revoke";
import { setAway } from "@/lib/users/away";
import { updatePreferences } from "@/lib/users/preferences";

const YEAR = 60 * 60 * 24 * 365;

// Works signed out too (the sign-in page's switch): the cookie always, the stored preference when there is a user.
export async function setLanguage(locale: string) {
  if (!isLocale(locale)) return;
  (await cookies()).set(LOCALE_COOKIE, locale, { path: "/", maxAge: YEAR, sameSite: "lax" });
  const user = await getCurrentUser();
  if (user) await updatePreferences(await userCtx(user), { locale });
  revalidatePath("/", "layout");
}

export async function setTheme(theme: string) {
  if (!isTheme(theme)) return;
  (await cookies()).set(THEME_COOKIE, theme, { path: "/", maxAge: YEAR, sameSite: "lax" });
  const user = await getCurrentUser();
  if (user) await updatePreferences(await userCtx(user), { theme });
  revalidatePath("/", "layout");
}

export async function updateProfileAction(_: FormState, form: FormData): Promise<FormState> {
  const user = await requireUser();
  const t = await getTranslations("settings");
  return runFormAction(async () => {
    await updatePreferences(await userCtx(user), {
      name: formString(form, "name"),
      locale: formString(form, "locale") as never,
      timezone: formString(form, "timezone"),
      theme: formString(form, "theme") as never,
    });
    revalidatePath("/", "layout");
    return { message: t("saved") };
  });
}

export async function createTokenAction(_: FormState, form: FormData): Promise<FormState> {
  const user = await requireUser();
  return runFormAction(async () => {
    const days = formString(form, "expiresInDays");
    const { secret } = await createApiToken(await userCtx(user), {
      userId: user.id,
      name: formString(form, "name") ?? "",
      expiresInDays: days ? Number(days) : undefined,
    });
    revalidatePath("/settings");
    return { data: { secret } };
  });
}

export async function revokeTokenAction(_: FormState, form: FormData): Promise<FormState> {
  const user = await requireUser();
  const t = await getTranslations("tokens");
  return runFormAction(async () => {
    await revokeApiToken(await userCtx(user), { tokenId: formString(form, "tokenId") ?? "" });
    revalidatePath("/settings");
    return { message: t("revoked") };
  });
}

export const setOwnAwayAction = userFormAction({
  verb: setAway,
  input: (form) => ({ userId: formString(form, "userId") ?? "", isAway: formString(form, "isAway") === "true" }),
  revalidate: ["/settings", "/teams"],
});
