import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { getFormatter, getTranslations } from "next-intl/server";
import { IncidentCard, OneTapShell, OpenIncidentLink } from "@/components/notify/one-tap";
import { getDb } from "@/db/client";
import { viewActionLinkResult } from "@/lib/notify/one-tap";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("oneTap");
  return { title: t("metaTitle"), robots: { index: false, follow: false }, referrer: "no-referrer" };
}

// After a confirm: says what happened and who did it, read back from the incident (safe to reload).
export default async function OneTapDonePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const view = await viewActionLinkResult(getDb(), token);
  if (view.state === "invalid") notFound();
  if (view.state !== "done") redirect(`/a/${token}`);
  const t = await getTranslations("oneTap");
  const ts = await getTranslations("ticketStatus");
  const format = await getFormatter();
  const { incident, link, actedBy } = view;
  const number = incident.number;
  const card = (
    <IncidentCard
      incident={incident}
      openedAt={format.dateTime(incident.createdAt, { dateStyle: "medium", timeStyle: "short" })}
    />
  );
  if (actedBy?.isLinkUser) {
    return (
      <OneTapShell tone="done" title={t(`doneTitle.${link.action}`)}>
        <p className="text-zinc-600 dark:text-zinc-400">{t(`doneBody.${link.action}`, { number })}</p>
        {card}
        <OpenIncidentLink number={number} primary />
      </OneTapShell>
    );
  }
  return (
    <OneTapShell
      tone="info"
      title={
        actedBy?.name
          ? t(`alreadyTitle.${link.action}`, { name: actedBy.name, number })
          : t("alreadyState", { number, status: ts(incident.status) })
      }
    >
      <p className="text-zinc-600 dark:text-zinc-400">{t("alreadyBody")}</p>
      {card}
      <OpenIncidentLink number={number} primary />
    </OneTapShell>
  );
}
