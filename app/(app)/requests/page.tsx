import { ChevronRight, Inbox, Plus } from "lucide-react";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { StatusBadge } from "@/components/incidents/badges";
import { buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { LocalTime } from "@/components/ui/local-time";
import { PageHeader } from "@/components/ui/page-header";
import { requirePermission, userCtx } from "@/lib/auth/current-user";
import { AppError } from "@/lib/errors";
import { listMyRequests } from "@/lib/requests/portal";

export async function generateMetadata() {
  return { title: (await getTranslations("requests"))("title") };
}

export default async function MyRequestsPage({ searchParams }: { searchParams: Promise<{ cursor?: string }> }) {
  const user = await requirePermission("requests.portal");
  const { cursor } = await searchParams;
  const t = await getTranslations("requests");
  const ctx = await userCtx(user);
  const page = await listMyRequests(ctx, { cursor: cursor || undefined }).catch((error) => {
    if (error instanceof AppError && error.code === "invalid") redirect("/requests");
    throw error;
  });
  const newButton = (
    <Link href="/requests/new" className={buttonClasses("primary")}>
      <Plus className="size-4" aria-hidden />
      {t("newRequest")}
    </Link>
  );

  return (
    <>
      <PageHeader
        title={t("title")}
        description={t("description")}
        action={page.rows.length || cursor ? newButton : undefined}
      />
      <Card>
        {page.rows.length === 0 ? (
          <EmptyState
            icon={<Inbox className="size-8" />}
            title={cursor ? t("newest") : t("empty")}
            description={cursor ? undefined : t("emptyHint")}
            action={cursor ? undefined : newButton}
          />
        ) : (
          <ul className="divide-y divide-zinc-100 dark:divide-zinc-800" aria-label={t("listLabel")}>
            {page.rows.map((row) => (
              <li key={row.id}>
                <Link
                  href={`/requests/${row.number}`}
                  className="group flex items-center gap-3 px-4 py-3.5 hover:bg-zinc-50 sm:px-5 dark:hover:bg-zinc-800/40"
                  data-testid={`request-${row.number}`}
                >
                  <div className="min-w-0 flex-1">
                    <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
                      <span className="font-mono text-xs text-zinc-500">{row.number}</span>
                      <StatusBadge status={row.status} />
                    </div>
                    <p className="mt-1 font-medium break-words text-zinc-900 group-hover:text-brand-700 dark:text-zinc-100 dark:group-hover:text-brand-300">
                      {row.title}
                    </p>
                    <p className="mt-0.5 flex flex-wrap gap-x-2 text-xs text-zinc-500 dark:text-zinc-400">
                      <span>
                        {row.requestTypeName
                          ? [row.categoryName, row.requestTypeName].filter(Boolean).join(" › ")
                          : t(`kind.${row.type}`)}
                      </span>
                      <span aria-hidden>·</span>
                      <span>
                        {t("submitted")} <LocalTime value={row.createdAt} />
                      </span>
                    </p>
                  </div>
                  <ChevronRight
                    className="size-4 shrink-0 text-zinc-400 transition-transform group-hover:translate-x-0.5"
                    aria-hidden
                  />
                </Link>
              </li>
            ))}
          </ul>
        )}
        {page.nextCursor || cursor ? (
          <nav className="flex flex-wrap justify-between gap-2 border-t border-zinc-200 px-4 py-3 text-sm sm:px-5 dark:border-zinc-800">
            {cursor ? (
              <Link href="/requests" className="font-medium text-brand-600 hover:underline dark:text-brand-400">
                {t("newest")}
              </Link>
            ) : (
              <span />
            )}
            {page.nextCursor ? (
              <Link
                href={`/requests?cursor=${encodeURIComponent(page.nextCursor)}`}
                className="font-medium text-brand-600 hover:underline dark:text-brand-400"
              >
                {t("older")}
              </Link>
            ) : null}
          </nav>
        ) : null}
      </Card>
    </>
  );
}
