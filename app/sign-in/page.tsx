import { redirect } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { LanguageSwitch } from "@/components/auth/language-switch";
import { SignInForm } from "@/components/auth/sign-in-form";
import { Logo } from "@/components/shell/logo";
import { getCurrentUser } from "@/lib/auth/current-user";

export async function generateMetadata() {
  const t = await getTranslations("signIn");
  return { title: t("title") };
}

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  if (await getCurrentUser()) redirect("/");
  const t = await getTranslations("signIn");
  const locale = await getLocale();
  const { callbackUrl } = await searchParams;
  const safeCallback = callbackUrl?.startsWith("/") && !callbackUrl.startsWith("//") ? callbackUrl : "/";
  return (
    <main className="flex min-h-dvh flex-col lg:grid lg:grid-cols-2">
      <section className="hidden flex-col justify-between bg-gradient-to-br from-brand-700 via-brand-600 to-indigo-700 p-12 text-white lg:flex">
        <div className="[&_.fill-brand-600]:fill-white/15">
          <Logo />
        </div>
        <div className="max-w-md">
          <h2 className="text-3xl leading-tight font-semibold">{t("heroTitle")}</h2>
          <ul className="mt-6 space-y-3 text-brand-50">
            <li>• {t("heroPoint1")}</li>
            <li>• {t("heroPoint2")}</li>
            <li>• {t("heroPoint3")}</li>
          </ul>
        </div>
        <p className="text-sm text-brand-100">{t("heroFooter")}</p>
      </section>
      <section className="flex flex-1 flex-col px-5 py-6 sm:px-10">
        <div className="flex items-center justify-between lg:justify-end">
          <span className="lg:hidden">
            <Logo />
          </span>
          <LanguageSwitch locale={locale} />
        </div>
        <div className="mx-auto flex w-full max-w-sm flex-1 flex-col justify-center py-10">
          <h1 className="text-2xl font-semibold tracking-tight">{t("title")}</h1>
          <p className="mt-1 text-sm text-zinc-500 dark:text-zinc-400">{t("subtitle")}</p>
          <SignInForm callbackUrl={safeCallback} />
        </div>
      </section>
    </main>
  );
}
