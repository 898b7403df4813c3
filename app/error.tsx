"use client";

import { useSyncExternalStore } from "react";
import { Button } from "@/components/ui/button";

// Its own words, in the page's language, rather than next-intl's runtime and every message in every page's JavaScript.
const WORDS = {
  en: {
    title: "Something went wrong",
    description: "The page could not be shown. Try again; if it keeps failing, tell your administrator.",
    reference: "Reference:",
    retry: "Try again",
  },
  ko: {
    title: "문제가 발생했습니다",
    description: "페이지를 표시하지 못했습니다. 다시 시도하고, 계속 실패하면 관리자에게 알려 주세요.",
    reference: "참조 번호:",
    retry: "다시 시도",
  },
};

const noChanges = () => () => {};

// Shown instead of a stack trace when a page fails unexpectedly; the digest lets an operator find the server log line.
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const lang = useSyncExternalStore(
    noChanges,
    () => document.documentElement.lang,
    () => "",
  );
  const t = lang === "ko" ? WORDS.ko : WORDS.en;
  return (
    <main className="flex min-h-[60dvh] items-center justify-center p-6">
      <div className="max-w-md text-center">
        <svg
          xmlns="http://www.w3.org/2000/svg"
          viewBox="0 0 24 24"
          fill="none"
          stroke="currentColor"
          strokeWidth={2}
          strokeLinecap="round"
          strokeLinejoin="round"
          className="mx-auto size-12 text-red-500"
          aria-hidden
        >
          <path d="m21.73 18-8-14a2 2 0 0 0-3.48 0l-8 14A2 2 0 0 0 4 21h16a2 2 0 0 0 1.73-3" />
          <path d="M12 9v4" />
          <path d="M12 17h.01" />
        </svg>
        <h1 className="mt-4 text-2xl font-semibold">{t.title}</h1>
        <p className="mt-2 text-zinc-600 dark:text-zinc-400">{t.description}</p>
        {error.digest ? (
          <p className="mt-2 font-mono text-xs text-zinc-400">
            {t.reference} {error.digest}
          </p>
        ) : null}
        <Button className="mt-6" onClick={reset}>
          {t.retry}
        </Button>
      </div>
    </main>
  );
}
