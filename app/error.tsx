"use client";

import { TriangleAlert } from "lucide-react";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";

// Shown instead of a stack trace when a page fails unexpectedly; the digest lets an operator find the server log line.
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useTranslations("errorPage");
  return (
    <main className="flex min-h-[60dvh] items-center justify-center p-6">
      <div className="max-w-md text-center">
        <TriangleAlert className="mx-auto size-12 text-red-500" aria-hidden />
        <h1 className="mt-4 text-2xl font-semibold">{t("title")}</h1>
        <p className="mt-2 text-zinc-600 dark:text-zinc-400">{t("description")}</p>
        {error.digest ? (
          <p className="mt-2 font-mono text-xs text-zinc-400">{t("reference", { digest: error.digest })}</p>
        ) : null}
        <Button className="mt-6" onClick={reset}>
          {t("retry")}
        </Button>
      </div>
    </main>
  );
}
