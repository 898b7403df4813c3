"use client";

import { Bookmark, X } from "lucide-react";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { deleteViewAction, saveViewAction } from "@/app/(app)/tickets/actions";
import { ActionForm, FieldError, SubmitButton } from "@/components/forms/action-form";
import { cn } from "@/components/ui/cn";
import { Input } from "@/components/ui/input";

export function SavedViews({
  views,
  query,
  currentHref,
}: {
  views: { id: string; name: string; href: string }[];
  query: Record<string, string>;
  currentHref: string;
}) {
  const t = useTranslations("desk");
  return (
    <div className="flex flex-wrap items-center gap-2">
      {views.map((v) => (
        <span
          key={v.id}
          className={cn(
            "inline-flex items-center rounded-full border text-sm",
            v.href === currentHref
              ? "border-brand-300 bg-brand-50 text-brand-800 dark:border-brand-800 dark:bg-brand-950 dark:text-brand-200"
              : "border-zinc-200 bg-white dark:border-zinc-700 dark:bg-zinc-900",
          )}
        >
          <Link href={v.href} className="inline-flex items-center gap-1 py-1 pl-3">
            <Bookmark className="size-3.5" aria-hidden />
            {v.name}
          </Link>
          <ActionForm action={deleteViewAction} showSuccess={false}>
            <input type="hidden" name="viewId" value={v.id} />
            <button
              type="submit"
              className="rounded-full p-1.5 text-zinc-400 hover:text-zinc-700"
              aria-label={t("deleteView", { name: v.name })}
            >
              <X className="size-3.5" aria-hidden />
            </button>
          </ActionForm>
        </span>
      ))}
      <details className="group relative">
        <summary className="cursor-pointer list-none rounded-full px-3 py-1 text-sm text-brand-700 hover:bg-brand-50 dark:text-brand-300 dark:hover:bg-brand-950">
          + {t("saveView")}
        </summary>
        <ActionForm
          action={saveViewAction}
          className="absolute left-0 z-20 mt-1 w-72 max-w-[calc(100vw-2rem)] rounded-lg border border-zinc-200 bg-white p-3 shadow-lg dark:border-zinc-700 dark:bg-zinc-900"
        >
          <input type="hidden" name="query" value={JSON.stringify(query)} />
          <label htmlFor="view-name" className="mb-1 block text-sm font-medium">
            {t("viewName")}
          </label>
          <div className="flex gap-2">
            <Input id="view-name" name="name" maxLength={60} className="h-9" />
            <SubmitButton size="sm">{t("save")}</SubmitButton>
          </div>
          <FieldError name="name" />
        </ActionForm>
      </details>
    </div>
  );
}
