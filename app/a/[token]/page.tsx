import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getFormatter, getTranslations } from "next-intl/server";
import { ConfirmButton } from "@/components/notify/confirm-button";
import { IncidentCard, OneTapShell, OpenIncidentLink } from "@/components/notify/one-tap";
import { getDb } from "@/db/client";
import { env } from "@/lib/env";
import { viewActionLink } from "@/lib/notify/one-tap";
import { confirmOneTapAction } from "./actions";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("oneTap");
  return { title: t("metaTitle"), robots: { index: false, follow: false }, referrer: "no-referrer" };
}

// GET only reads: link scanners and previews may fetch this page as often as they like and nothing changes.
export default async function OneTapPage({
  params,
  searchParams,
}: {
  params: Promise<{ token: string }>;
  searchParams: Promise<{ problem?: string }>;
}) {
  const { token } = await params;
  const { problem } = await searchParams;
  const view = await viewActionLink(getDb(), token);
  if (view.state === "invalid") notFound();
  const t = await getTranslations("oneTap");
  const format = await getFormatter();
  const when = (at: Date) => format.dateTime(at, { dateStyle: "medium", timeStyle: "short" });
  const { incident, link, user } = view;
  const number = incident.number;
  const card = <IncidentCard incident={incident} openedAt={when(incident.createdAt)} />;

  if (view.state === "used" || view.state === "done") {
    return (
      <OneTapShell tone="info" title={t("usedTitle")}>
        <p className="text-zinc-600 dark:text-zinc-400">{t("usedBody")}</p>
        {link.usedAt ? <p className="text-sm text-zinc-500">{t("usedAt", { when: when(link.usedAt) })}</p> : null}
        {card}
        <OpenIncidentLink number={number} primary />
      </OneTapShell>
    );
  }
  if (view.state === "expired") {
    return (
      <OneTapShell tone="expired" title={t("expiredTitle")}>
        <p className="text-zinc-600 dark:text-zinc-400">{t("expiredBody", { hours: env().ONE_TAP_LINK_HOURS })}</p>
        {card}
        <OpenIncidentLink number={number} primary />
      </OneTapShell>
    );
  }
  if (view.state === "refused") {
    return (
      <OneTapShell tone="refused" title={t("refusedTitle")}>
        <p className="text-zinc-600 dark:text-zinc-400">{t("refusedBody", { name: user.name })}</p>
      </OneTapShell>
    );
  }
  return (
    <OneTapShell title={t(`confirmTitle.${link.action}`, { number })}>
      {problem ? (
        <p
          role="alert"
          className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700 dark:bg-red-950 dark:text-red-300"
        >
          {t("problem")}
        </p>
      ) : null}
      {card}
      <p className="text-zinc-700 dark:text-zinc-300">{t(`confirmAs.${link.action}`, { name: user.name })}</p>
      <form action={confirmOneTapAction}>
        <input type="hidden" name="token" value={token} />
        <ConfirmButton tone={link.action}>{t(`confirmButton.${link.action}`, { name: user.name })}</ConfirmButton>
      </form>
      <p className="text-xs text-zinc-500">{t("linkFor", { name: user.name, when: when(link.expiresAt) })}</p>
    </OneTapShell>
  );
}
