import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { AuditChanges } from "@/components/audit/audit-changes";
import { Badge } from "@/components/ui/badge";
import { buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Input, Label, Select } from "@/components/ui/input";
import { LocalTime } from "@/components/ui/local-time";
import { PageHeader } from "@/components/ui/page-header";
import { mergeQuery } from "@/components/ui/view-tabs";
import { listAuditEntries, listAuditFilterChoices } from "@/lib/audit/list";
import { requirePermission, userCtx } from "@/lib/auth/current-user";
import { AppError } from "@/lib/errors";

// The actions offered grouped by area, each area first as a prefix that matches all of it.
function actionGroups(actions: string[]) {
  const groups = new Map<string, string[]>();
  for (const action of actions) {
    const area = action.includes(".") ? action.slice(0, action.indexOf(".")) : action;
    groups.set(area, [...(groups.get(area) ?? []), action]);
  }
  return [...groups.entries()];
}

const withCurrent = (values: string[], current: string | undefined) =>
  current && !values.includes(current) ? [current, ...values] : values;

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
  const ctx = await userCtx(user);
  let error: string | null = null;
  const [result, choices] = await Promise.all([
    listAuditEntries(ctx, { ...params, timezone: user.timezone }).catch((e) => {
      if (e instanceof AppError && e.code === "invalid") {
        error = e.details?.fields?.entityId?.[0] === "No such ticket" ? t("noSuchTicket") : t("badFilter");
        return { entries: [], nextBefore: null };
      }
      throw e;
    }),
    listAuditFilterChoices(ctx),
  ]);
  const actions = withCurrent(choices.actions, params.action);
  const entityTypes = withCurrent(choices.entityTypes, params.entityType);
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <Card className="mb-4 p-4">
        <form method="get" className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4" aria-label={t("filters")}>
          <div>
            <Label htmlFor="f-actor-id">{t("actor")}</Label>
            <Select id="f-actor-id" name="actorId" defaultValue={params.actorId ?? ""}>
              <option value="">{t("anyone")}</option>
              {choices.actors.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name} ({a.email})
                </option>
              ))}
            </Select>
          </div>
          <div>
            <Label htmlFor="f-actor">{t("actorText")}</Label>
            <Input
              id="f-actor"
              name="actor"
              defaultValue={params.actor}
              placeholder={t("actorPlaceholder")}
              autoCapitalize="off"
            />
          </div>
          <div>
            <Label htmlFor="f-action">{t("action")}</Label>
            <Select id="f-action" name="action" defaultValue={params.action ?? ""}>
              <option value="">{t("any")}</option>
              {actionGroups(actions).map(([area, list]) => (
                <optgroup key={area} label={area}>
                  <option value={`${area}.`}>{t("allOf", { area })}</option>
                  {list
                    .filter((a) => a !== `${area}.`)
                    .map((a) => (
                      <option key={a} value={a}>
                        {a}
                      </option>
                    ))}
                </optgroup>
              ))}
            </Select>
          </div>
          <div>
            <Label htmlFor="f-entity">{t("entityType")}</Label>
            <Select id="f-entity" name="entityType" defaultValue={params.entityType ?? ""}>
              <option value="">{t("any")}</option>
              {entityTypes.map((e) => (
                <option key={e} value={e}>
                  {e}
                </option>
              ))}
            </Select>
          </div>
          <div>
            <Label htmlFor="f-id">{t("record")}</Label>
            <Input
              id="f-id"
              name="entityId"
              defaultValue={params.entityId}
              placeholder={t("recordPlaceholder")}
              autoCapitalize="off"
              spellCheck={false}
            />
          </div>
          <div>
            <Label htmlFor="f-from">{t("from")}</Label>
            <Input id="f-from" name="from" type="date" defaultValue={params.from} />
          </div>
          <div>
            <Label htmlFor="f-to">{t("to")}</Label>
            <Input id="f-to" name="to" type="date" defaultValue={params.to} />
          </div>
          <div className="flex items-end gap-2">
            <button type="submit" className={buttonClasses("primary", "md")}>
              {t("apply")}
            </button>
            <Link href="/admin/audit" className={buttonClasses("secondary", "md")}>
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
                    <AuditChanges before={e.before} after={e.after} />
                  </details>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </Card>
      {result.nextBefore || params.before ? (
        <div className="mt-4 flex justify-center gap-2">
          {params.before ? (
            <Link
              href={`/admin/audit?${mergeQuery(params, { before: "" })}`}
              className={buttonClasses("secondary", "sm")}
            >
              {t("newest")}
            </Link>
          ) : null}
          {result.nextBefore ? (
            <Link
              href={`/admin/audit?${mergeQuery(params, { before: String(result.nextBefore) })}`}
              className={buttonClasses("secondary", "sm")}
            >
              {t("older")}
            </Link>
          ) : null}
        </div>
      ) : null}
    </>
  );
}
