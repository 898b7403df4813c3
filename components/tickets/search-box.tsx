"use client";

import { Search } from "lucide-react";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import { Input } from "@/components/ui/input";

type Hit = { number: string; title: string; status: string; priority: string };

// Suggestions while typing; Enter filters the queue by the same words.
export function SearchBox({
  defaultValue,
  statusLabels,
}: {
  defaultValue: string;
  statusLabels: Record<string, string>;
}) {
  const t = useTranslations("desk");
  const [q, setQ] = useState(defaultValue);
  const [hits, setHits] = useState<Hit[] | null>(null);
  const [isOpen, setOpen] = useState(false);

  useEffect(() => {
    const term = q.trim();
    if (term.length < 2 || term === defaultValue) {
      setHits(null);
      return;
    }
    const controller = new AbortController();
    const timer = setTimeout(async () => {
      try {
        const response = await fetch(`/api/ui/search?q=${encodeURIComponent(term)}`, { signal: controller.signal });
        if (response.ok) setHits((await response.json()).data);
      } catch {}
    }, 150);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [q, defaultValue]);

  return (
    <div className="relative min-w-0 basis-full sm:flex-1 sm:basis-auto sm:max-w-md">
      <Search
        className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-zinc-400"
        aria-hidden
      />
      <Input
        id="queue-search"
        name="q"
        type="search"
        value={q}
        onChange={(e) => {
          setQ(e.target.value);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
        onKeyDown={(e) => {
          if (e.key === "Escape") {
            setOpen(false);
            e.currentTarget.blur();
          }
        }}
        placeholder={t("searchPlaceholder")}
        aria-label={t("search")}
        autoComplete="off"
        className="h-9 pl-9"
        role="combobox"
        aria-expanded={isOpen && !!hits}
        aria-controls="queue-search-results"
      />
      {isOpen && hits ? (
        <div
          id="queue-search-results"
          className="absolute inset-x-0 top-full z-20 mt-1 overflow-hidden rounded-lg border border-zinc-200 bg-white shadow-lg dark:border-zinc-700 dark:bg-zinc-900"
        >
          {hits.length ? (
            <ul aria-label={t("searchResults")}>
              {hits.map((hit) => (
                <li key={hit.number}>
                  <Link
                    href={`/tickets/${hit.number}`}
                    className="flex min-w-0 items-center gap-2 px-3 py-2 text-sm hover:bg-zinc-50 dark:hover:bg-zinc-800"
                  >
                    <span className="font-mono text-xs text-zinc-500">{hit.number}</span>
                    <span className="min-w-0 flex-1 truncate">{hit.title}</span>
                    <span className="shrink-0 text-xs text-zinc-500">{statusLabels[hit.status] ?? hit.status}</span>
                  </Link>
                </li>
              ))}
            </ul>
          ) : (
            <p className="px-3 py-2 text-sm text-zinc-500">{t("noResults")}</p>
          )}
        </div>
      ) : null}
    </div>
  );
}
