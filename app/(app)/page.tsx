import { ArrowRight, BellRing, Boxes, Clock, Inbox, Layers, Smartphone, UsersRound } from "lucide-react";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { Card } from "@/components/ui/card";
import { LocalTime } from "@/components/ui/local-time";
import { requireUser, userCtx } from "@/lib/auth/current-user";
import { catalogCounts } from "@/lib/catalog/counts";

export async function generateMetadata() {
  const t = await getTranslations("home");
  return { title: t("title") };
}

export default async function HomePage() {
  const user = await requireUser();
  if (user.role === "requester") redirect("/requests");
  const t = await getTranslations("home");
  const counts = await catalogCounts(await userCtx(user));
  const now = new Date();

  const stats = [
    { label: t("stats.teams"), value: counts.teams, href: "/teams", icon: UsersRound },
    { label: t("stats.services"), value: counts.services, href: "/services", icon: Layers },
    { label: t("stats.assets"), value: counts.assets, href: "/assets", icon: Boxes },
  ];
  const next = [
    { icon: BellRing, title: t("next.alerts.title"), body: t("next.alerts.body") },
    { icon: Inbox, title: t("next.desk.title"), body: t("next.desk.body") },
    { icon: Clock, title: t("next.sla.title"), body: t("next.sla.body") },
    { icon: Smartphone, title: t("next.oncall.title"), body: t("next.oncall.body") },
  ];

  return (
    <div className="space-y-8">
      <div>
        <p className="text-sm text-zinc-500 dark:text-zinc-400">
          <LocalTime value={now} /> · {user.timezone}
        </p>
        <h1 className="mt-1 text-2xl font-semibold tracking-tight">{t("greeting", { name: user.name })}</h1>
        <p className="mt-1 max-w-2xl text-zinc-600 dark:text-zinc-400">{t("intro")}</p>
      </div>

      <section aria-labelledby="catalog-heading">
        <h2 id="catalog-heading" className="mb-3 text-sm font-semibold text-zinc-500 dark:text-zinc-400">
          {t("catalogHeading")}
        </h2>
        <div className="grid gap-3 sm:grid-cols-3">
          {stats.map((s) => (
            <Link key={s.href} href={s.href} className="group">
              <Card className="flex items-center gap-4 p-4 transition-shadow group-hover:shadow-md">
                <span className="inline-flex size-10 items-center justify-center rounded-lg bg-brand-50 text-brand-600 dark:bg-brand-900/40 dark:text-brand-200">
                  <s.icon className="size-5" aria-hidden />
                </span>
                <span className="min-w-0 flex-1">
                  <span className="block text-2xl font-semibold tabular-nums">{s.value}</span>
                  <span className="block text-sm text-zinc-500 dark:text-zinc-400">{s.label}</span>
                </span>
                <ArrowRight
                  className="size-4 text-zinc-400 transition-transform group-hover:translate-x-0.5"
                  aria-hidden
                />
              </Card>
            </Link>
          ))}
        </div>
      </section>

      <section aria-labelledby="next-heading">
        <Card className="overflow-hidden">
          <div className="border-b border-zinc-200 bg-gradient-to-r from-brand-50 to-white px-5 py-4 dark:border-zinc-800 dark:from-brand-900/30 dark:to-zinc-900">
            <h2 id="next-heading" className="font-semibold">
              {t("emptyTitle")}
            </h2>
            <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">{t("emptyBody")}</p>
          </div>
          <ol className="grid gap-px bg-zinc-200 sm:grid-cols-2 dark:bg-zinc-800">
            {next.map((item, i) => (
              <li key={item.title} className="flex gap-3 bg-white p-5 dark:bg-zinc-900">
                <span className="inline-flex size-8 shrink-0 items-center justify-center rounded-full bg-zinc-100 text-sm font-semibold text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300">
                  {i + 1}
                </span>
                <div className="min-w-0">
                  <p className="flex items-center gap-2 font-medium">
                    <item.icon className="size-4 text-brand-600" aria-hidden />
                    {item.title}
                  </p>
                  <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">{item.body}</p>
                </div>
              </li>
            ))}
          </ol>
        </Card>
      </section>
    </div>
  );
}
