import { SearchX } from "lucide-react";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { buttonClasses } from "@/components/ui/button";

export default async function NotFound() {
  const t = await getTranslations("notFound");
  return (
    <main className="flex min-h-dvh items-center justify-center p-6">
      <div className="max-w-md text-center">
        <SearchX className="mx-auto size-12 text-zinc-400" aria-hidden />
        <p className="mt-4 text-sm font-semibold text-zinc-500">404</p>
        <h1 className="mt-1 text-2xl font-semibold">{t("title")}</h1>
        <p className="mt-2 text-zinc-600 dark:text-zinc-400">{t("description")}</p>
        <Link href="/" className={`${buttonClasses("primary")} mt-6`}>
          {t("home")}
        </Link>
      </div>
    </main>
  );
}
