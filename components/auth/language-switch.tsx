"use client";

import { Languages } from "lucide-react";
import { useTransition } from "react";
import { setLanguage } from "@/app/(app)/settings/actions";

export function LanguageSwitch({ locale }: { locale: string }) {
  const [isPending, startTransition] = useTransition();
  const next = locale === "ko" ? "en" : "ko";
  return (
    <button
      type="button"
      disabled={isPending}
      onClick={() => startTransition(() => setLanguage(next))}
      className="inline-flex h-9 items-center gap-2 rounded-md border border-zinc-300 px-3 text-sm hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
      lang={next}
    >
      <Languages className="size-4" aria-hidden />
      {next === "ko" ? "한국어" : "English"}
    </button>
  );
}
