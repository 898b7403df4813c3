import { cookies, headers } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import { getCurrentUser } from "@/lib/auth/current-user";
import { env } from "@/lib/env";
import { isLocale, LOCALE_COOKIE, localeFromAcceptLanguage } from "./locale";
import { messagesFor } from "./messages";

// A signed-in user's stored preference wins; then the language cookie, then the browser's languages.
export default getRequestConfig(async () => {
  const user = await getCurrentUser().catch(() => null);
  const cookieLocale = (await cookies()).get(LOCALE_COOKIE)?.value;
  const locale =
    user?.locale ??
    (isLocale(cookieLocale) ? cookieLocale : undefined) ??
    localeFromAcceptLanguage((await headers()).get("accept-language")) ??
    env().DEFAULT_LOCALE;
  const messages = messagesFor(locale);
  return { locale, messages, timeZone: user?.timezone ?? env().DEFAULT_TIMEZONE };
});
