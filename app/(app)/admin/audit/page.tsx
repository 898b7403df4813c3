import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Badge } from "@/components/ui/badge";
import { buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Input, Label, Select } from "@/components/ui/input";
import { LocalTime } from "@/components/ui/local-time";
import { PageHeader } from "@/components/ui/page-header";
import { listAuditEntries } from "@/lib/audit/list";
import { requirePermission, userCtx } from "@/lib/auth/current-user";
import { AppError } from "@/lib/errors";

const ENTITY_TYPES = ["user", "team", "service", "asset", "api_token", "ticket"];

export async function generateMetadata() {
  return { title: (await getTranslations("audit"))("title") };
}

export default async function AuditPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const user = await requirePermission("audit.read");
  const t = await getTranslations("audit");
  const params = await searchParams;
  let error: string | null = null;
  const result = await listAuditEntries(await userCtx(user), { ...params, timezone: user.timezone }).catch((e) => {
    if (e instanceof AppError && e.code === "invalid") {
      error = t("badFilter");
      return { entries: [], nextBefore: null };
    }
    throw e;
  });
  const olderQuery = new URLSearchParams(
    Object.entries({ ...params, before: String(result.nextBefore) }).filter(([, v]) => v) as [string, string][],
  );
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <Card className="mb-4 p-4">
        <form method="get" className="grid gap-3 sm:grid-cols-2 lg:grid-cols-6" aria-label={t("filters")}>
          <div>
            <Label htmlFor="f-actor">{t("actor")}</Label>
            <Input id="f-actor" name="actor" defaultValue={params.actor} placeholder="admin@example.com" />
          </div>
          <div>
            <Label htmlFor="f-action">{t("action")}</Label>
            <Input id="f-action" name="action" defaultValue={params.action} placeholder="user." />
          </div>
          <div>
            <Label htmlFor="f-entity">{t("entityType")}</Label>
            <Select id="f-entity" name="entityType" defaultValue={params.entityType ?? ""}>
              <option value="">{t("any")}</option>
              {ENTITY_TYPES.map((e) => (
                <option key={e} value={e}>
                  {e}
                </option>
              ))}
            </Select>
          </div>
          <div>
            <Label htmlFor="f-id">{t("entityId")}</Label>
            <Input id="f-id" name="entityId" defaultValue={params.entityId} />
          </div>
          <div>
            <Label htmlFor="f-from">{t("from")}</Label>
            <Input id="f-from" name="from" type="date" defaultValue={params.from} />
          </div>
          <div>
            <Label htmlFor="f-to">{t("to")}</Label>
            <Input id="f-to" name="to" type="date" defaultValue={params.to} />
          </div>
          <div className="flex gap-2 sm:col-span-2 lg:col-span-6">
            <button type="submit" className={buttonClasses("primary", "sm")}>
              {t("apply")}
            </button>
            <Link href="/admin/audit" className={buttonClasses("secondary", "sm")}>
              {t("clear")}
            </Link>
          </div>
        </form>
        {error ? (
          <p role="alert" className="mt-3 text-sm text-red-600">
            {error}
          </p>
        ) : null}
      </Card>
      <Card>
        {result.entries.length === 0 ? (
          <EmptyState title={t("empty")} />
        ) : (
          <ul className="divide-y divide-zinc-100 dark:divide-zinc-800" aria-label={t("entries")}>
            {result.entries.map((e) => (
              <li key={e.id} className="px-4 py-3 sm:px-5">
                <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
                  <Badge tone="brand" className="font-mono">
                    {e.action}
                  </Badge>
                  <span className="text-sm font-medium">{e.actorLabel}</span>
                  <span className="text-sm text-zinc-500">
                    <LocalTime value={e.at} withSeconds />
                  </span>
                  {e.ip ? <span className="text-xs text-zinc-400">{e.ip}</span> : null}
                </div>
                <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
                  {e.entityType}
                  {e.entityId ? <span className="ml-1 font-mono text-xs break-all">{e.entityId}</span> : null}
                </p>
                {e.before || e.after ? (
                  <details className="mt-2">
                    <summary className="cursor-pointer text-xs text-brand-600 dark:text-brand-400">
                      {t("changes")}
                    </summary>
                    <div className="mt-2 grid gap-2 md:grid-cols-2">
                      {(["before", "after"] as const).map((k) => (
                        <div key={k} className="min-w-0">
                          <p className="text-xs font-semibold text-zinc-500">{t(k)}</p>
                          <pre className="mt-1 max-h-64 overflow-auto rounded-md bg-zinc-100 p-2 text-xs dark:bg-zinc-800">
                            {e[k] ? JSON.stringify(e[k], null, 2) : "—"}
                          </pre>
                        </div>
                      ))}
                    </div>
                  </details>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </Card>
      {result.nextBefore ? (
        <div className="mt-4 flex justify-center">
          <Link href={`/admin/audit?${olderQuery}`} className={buttonClasses("secondary", "sm")}>
            {t("older")}
          </Link>
        </div>
      ) : null}
    </>
  );
}
