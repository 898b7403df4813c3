import { ArrowLeft } from "lucide-react";
import Link from "next/link";
import { getTranslations } from "next-intl/server";

export async function PolicyBackLink() {
  const t = await getTranslations("escalationPolicies");
  return (
    <Link
      href="/oncall/policies"
      className="mb-3 inline-flex items-center gap-1 text-sm text-zinc-500 hover:text-zinc-800 dark:hover:text-zinc-200"
    >
      <ArrowLeft className="size-4" aria-hidden />
      {t("back")}
    </Link>
  );
}
