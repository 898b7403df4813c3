import { ShieldAlert } from "lucide-react";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { buttonClasses } from "@/components/ui/button";

export default async function Forbidden() {
  const t = await getTranslations("forbidden");
  return (
    <main className="flex min-h-dvh items-center justify-center p-6">
      <div className="max-w-md text-center">
        <ShieldAlert className="mx-auto size-12 text-amber-500" aria-hidden />
        <p className="mt-4 text-sm font-semibold text-amber-600">403</p>
        <h1 className="mt-1 text-2xl font-semibold">{t("title")}</h1>
        <p className="mt-2 text-zinc-600 dark:text-zinc-400">{t("description")}</p>
        <Link href="/" className={`${buttonClasses("primary")} mt-6`}>
          {t("home")}
        </Link>
      </div>
    </main>
  );
}
