import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { OneTapShell } from "@/components/notify/one-tap";
import { buttonClasses } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";

export default async function OneTapNotFound() {
  const t = await getTranslations("oneTap");
  return (
    <OneTapShell tone="invalid" title={t("invalidTitle")}>
      <p className="text-zinc-600 dark:text-zinc-400">{t("invalidBody")}</p>
      <Link href="/oncall" className={cn(buttonClasses("primary", "lg"), "h-12 w-full")}>
        {t("openWatchdesk")}
      </Link>
    </OneTapShell>
  );
}
