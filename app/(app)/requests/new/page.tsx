import { ArrowLeft, ChevronRight, LayoutList } from "lucide-react";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { ActionForm, FieldError, SubmitButton } from "@/components/forms/action-form";
import { RequestFieldInput } from "@/components/requests/request-field-input";
import { RequestSteps } from "@/components/requests/steps";
import { buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { EmptyState } from "@/components/ui/empty-state";
import { Input, Label, Textarea } from "@/components/ui/input";
import { PageHeader } from "@/components/ui/page-header";
import { requirePermission, userCtx } from "@/lib/auth/current-user";
import { listRequestCatalog } from "@/lib/requests/catalog";
import { createRequestAction } from "../actions";

export async function generateMetadata() {
  return { title: (await getTranslations("requests"))("newTitle") };
}

const TILE_TONES = [
  "bg-brand-50 text-brand-700 dark:bg-brand-900/40 dark:text-brand-200",
  "bg-emerald-50 text-emerald-700 dark:bg-emerald-950 dark:text-emerald-300",
  "bg-amber-50 text-amber-800 dark:bg-amber-950 dark:text-amber-300",
  "bg-sky-50 text-sky-700 dark:bg-sky-950 dark:text-sky-300",
  "bg-rose-50 text-rose-700 dark:bg-rose-950 dark:text-rose-300",
];

function Tile({ name, index }: { name: string; index: number }) {
  return (
    <span
      className={cn(
        "inline-flex size-10 shrink-0 items-center justify-center rounded-lg text-base font-semibold",
        TILE_TONES[index % TILE_TONES.length],
      )}
      aria-hidden
    >
      {Array.from(name.trim())[0]?.toUpperCase() ?? "?"}
    </span>
  );
}

const cardLink =
  "group flex h-full items-start gap-3 rounded-lg border border-zinc-200 bg-white p-4 shadow-sm transition hover:border-brand-300 hover:shadow-md focus-visible:outline-2 focus-visible:outline-brand-500 dark:border-zinc-800 dark:bg-zinc-900 dark:hover:border-brand-700";

export default async function NewRequestPage({
  searchParams,
}: {
  searchParams: Promise<{ category?: string; type?: string }>;
}) {
  const user = await requirePermission("requests.portal");
  const params = await searchParams;
  const t = await getTranslations("requests");
  const catalog = await listRequestCatalog(await userCtx(user));
  const chosenType = params.type
    ? catalog.flatMap((c) => c.types.map((type) => ({ category: c, type }))).find((x) => x.type.id === params.type)
    : undefined;
  const chosenCategory = chosenType?.category ?? catalog.find((c) => c.id === params.category);

  if (catalog.length === 0) {
    return (
      <>
        <PageHeader title={t("newTitle")} description={t("newDescription")} />
        <Card>
          <EmptyState
            icon={<LayoutList className="size-8" />}
            title={t("noCatalog")}
            description={t("noCatalogHint")}
          />
        </Card>
      </>
    );
  }

  if (chosenType) {
    const { category, type } = chosenType;
    const categoryHref = `/requests/new?category=${category.id}`;
    return (
      <div className="mx-auto max-w-3xl">
        <PageHeader title={t("newTitle")} />
        <RequestSteps current={3} hrefs={["/requests/new", categoryHref]} />
        <Card>
          <div className="flex items-start gap-3 border-b border-zinc-200 px-4 py-4 sm:px-6 dark:border-zinc-800">
            <Tile name={category.name} index={catalog.indexOf(category)} />
            <div className="min-w-0 flex-1">
              <p className="text-xs font-medium text-zinc-500 dark:text-zinc-400">{category.name}</p>
              <h2 className="text-lg font-semibold break-words">{type.name}</h2>
              {type.description ? (
                <p className="mt-0.5 text-sm break-words text-zinc-600 dark:text-zinc-400">{type.description}</p>
              ) : null}
            </div>
            <Link
              href={categoryHref}
              className="shrink-0 text-sm font-medium text-brand-600 hover:underline dark:text-brand-400"
            >
              {t("change")}
            </Link>
          </div>
          <ActionForm
            action={createRequestAction}
            resetOnSuccess={false}
            className="space-y-5 px-4 py-5 sm:px-6"
            aria-label={type.name}
          >
            <input type="hidden" name="requestTypeId" value={type.id} />
            <div>
              <Label htmlFor="request-title">{t("summary")}</Label>
              <Input
                id="request-title"
                name="title"
                maxLength={300}
                required
                placeholder={t("summaryPlaceholder")}
                aria-describedby="request-title-hint title-error"
              />
              <p id="request-title-hint" className="mt-1 text-xs text-zinc-500 dark:text-zinc-400">
                {t("summaryHint")}
              </p>
              <FieldError name="title" />
            </div>
            {type.fields.length ? (
              <fieldset className="space-y-4 rounded-lg border border-zinc-200 bg-zinc-50/60 p-3 sm:p-4 dark:border-zinc-800 dark:bg-zinc-950/30">
                <legend className="px-1 text-sm font-semibold text-zinc-800 dark:text-zinc-200">
                  {t("typeFields")}
                </legend>
                {type.fields.map((field) => (
                  <RequestFieldInput key={field.key} field={field} idPrefix="request-field" />
                ))}
              </fieldset>
            ) : null}
            <div>
              <Label htmlFor="request-description">
                {t("details")}
                <span className="ml-1.5 font-normal whitespace-nowrap text-zinc-400">· {t("optional")}</span>
              </Label>
              <Textarea
                id="request-description"
                name="description"
                rows={5}
                maxLength={20000}
                aria-describedby="request-description-hint description-error"
              />
              <p id="request-description-hint" className="mt-1 text-xs text-zinc-500 dark:text-zinc-400">
                {t("detailsHint")}
              </p>
              <FieldError name="description" />
            </div>
            <FieldError name="requestTypeId" />
            <div className="flex flex-col-reverse gap-2 border-t border-zinc-200 pt-4 sm:flex-row sm:justify-end dark:border-zinc-800">
              <Link href="/requests" className={buttonClasses("secondary")}>
                {t("cancel")}
              </Link>
              <SubmitButton>{t("submit")}</SubmitButton>
            </div>
          </ActionForm>
        </Card>
      </div>
    );
  }

  if (chosenCategory) {
    return (
      <div className="mx-auto max-w-4xl">
        <PageHeader title={t("newTitle")} description={t("newDescription")} />
        <RequestSteps current={2} hrefs={["/requests/new", null]} />
        <div className="mb-4 flex items-center gap-3">
          <Tile name={chosenCategory.name} index={catalog.indexOf(chosenCategory)} />
          <div className="min-w-0">
            <h2 className="text-lg font-semibold break-words">{chosenCategory.name}</h2>
            {chosenCategory.description ? (
              <p className="text-sm break-words text-zinc-500 dark:text-zinc-400">{chosenCategory.description}</p>
            ) : null}
          </div>
        </div>
        <h3 className="mb-3 text-sm font-semibold text-zinc-500 dark:text-zinc-400">{t("chooseType")}</h3>
        <ul className="grid gap-3 sm:grid-cols-2">
          {chosenCategory.types.map((type) => (
            <li key={type.id}>
              <Link href={`/requests/new?type=${type.id}`} className={cardLink}>
                <div className="min-w-0 flex-1">
                  <p className="font-medium break-words group-hover:text-brand-700 dark:group-hover:text-brand-300">
                    {type.name}
                  </p>
                  {type.description ? (
                    <p className="mt-1 text-sm break-words text-zinc-500 dark:text-zinc-400">{type.description}</p>
                  ) : null}
                </div>
                <ChevronRight
                  className="mt-0.5 size-4 shrink-0 text-zinc-400 transition-transform group-hover:translate-x-0.5"
                  aria-hidden
                />
              </Link>
            </li>
          ))}
        </ul>
        <Link
          href="/requests/new"
          className="mt-6 inline-flex items-center gap-1 text-sm text-zinc-500 hover:text-zinc-800 dark:hover:text-zinc-200"
        >
          <ArrowLeft className="size-4" aria-hidden />
          {t("allCategories")}
        </Link>
      </div>
    );
  }

  return (
    <div className="mx-auto max-w-4xl">
      <PageHeader title={t("newTitle")} description={t("newDescription")} />
      <RequestSteps current={1} hrefs={["/requests/new", null]} />
      {params.type ? (
        <p
          role="status"
          className="mb-4 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-800 dark:bg-amber-950 dark:text-amber-300"
        >
          {t("noSuchType")}
        </p>
      ) : null}
      <h2 className="mb-3 text-sm font-semibold text-zinc-500 dark:text-zinc-400">{t("chooseCategory")}</h2>
      <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
        {catalog.map((category, index) => (
          <li key={category.id}>
            <Link href={`/requests/new?category=${category.id}`} className={cardLink}>
              <Tile name={category.name} index={index} />
              <div className="min-w-0 flex-1">
                <p className="font-medium break-words group-hover:text-brand-700 dark:group-hover:text-brand-300">
                  {category.name}
                </p>
                {category.description ? (
                  <p className="mt-0.5 text-sm break-words text-zinc-500 dark:text-zinc-400">{category.description}</p>
                ) : null}
                <p className="mt-2 text-xs break-words text-zinc-500 dark:text-zinc-400">
                  {category.types.map((type) => type.name).join(" · ")}
                </p>
              </div>
              <ChevronRight
                className="mt-0.5 size-4 shrink-0 text-zinc-400 transition-transform group-hover:translate-x-0.5"
                aria-hidden
              />
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}
