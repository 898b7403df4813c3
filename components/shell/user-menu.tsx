"use client";

import { clsx } from "clsx";
import Link from "next/link";
import { type ReactNode, useEffect, useRef, useState, useTransition } from "react";
import { setLanguage, setTheme } from "@/app/(app)/settings/actions";
import type { ThemeValue } from "./theme";

type Themed<T> = Record<ThemeValue, T>;

export function UserMenu({
  name,
  email,
  roleLabel,
  theme,
  locale,
  labels,
  icons,
}: {
  name: string;
  email: string;
  roleLabel: string;
  theme: ThemeValue;
  locale: string;
  labels: {
    userMenu: string;
    language: string;
    theme: string;
    settings: string;
    signOut: string;
    themes: Themed<string>;
  };
  icons: { open: ReactNode; check: ReactNode; settings: ReactNode; signOut: ReactNode; themes: Themed<ReactNode> };
}) {
  const [isOpen, setOpen] = useState(false);
  const [isPending, startTransition] = useTransition();
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!isOpen) return;
    const onClick = (e: MouseEvent) => ref.current && !ref.current.contains(e.target as Node) && setOpen(false);
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && setOpen(false);
    document.addEventListener("mousedown", onClick);
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("mousedown", onClick);
      document.removeEventListener("keydown", onKey);
    };
  }, [isOpen]);

  const initials = name
    .split(/\s+/)
    .map((p) => p[0])
    .join("")
    .slice(0, 2)
    .toUpperCase();

  return (
    <div className="relative" ref={ref}>
      <button
        type="button"
        onClick={() => setOpen((v) => !v)}
        className="flex items-center gap-2 rounded-md p-1.5 text-left hover:bg-zinc-100 dark:hover:bg-zinc-800"
        aria-haspopup="menu"
        aria-expanded={isOpen}
        aria-label={labels.userMenu}
      >
        <span className="inline-flex size-8 items-center justify-center rounded-full bg-brand-100 text-xs font-semibold text-brand-700 dark:bg-brand-900 dark:text-brand-200">
          {initials}
        </span>
        <span className="hidden min-w-0 sm:block">
          <span className="block max-w-40 truncate text-sm font-medium">{name}</span>
          <span className="block text-xs text-zinc-500">{roleLabel}</span>
        </span>
        {icons.open}
      </button>
      {isOpen ? (
        <div
          role="menu"
          className="absolute right-0 z-50 mt-2 w-64 rounded-lg border border-zinc-200 bg-white p-1 shadow-lg dark:border-zinc-700 dark:bg-zinc-900"
        >
          <div className="border-b border-zinc-100 px-3 py-2 dark:border-zinc-800">
            <p className="truncate text-sm font-medium">{name}</p>
            <p className="truncate text-xs text-zinc-500">{email}</p>
          </div>
          <p className="px-3 pt-2 pb-1 text-xs font-semibold text-zinc-500">{labels.language}</p>
          <div className="grid grid-cols-2 gap-1 px-2 pb-2">
            {(["ko", "en"] as const).map((l) => (
              <button
                key={l}
                type="button"
                role="menuitemradio"
                aria-checked={locale === l}
                disabled={isPending}
                onClick={() => {
                  setOpen(false);
                  startTransition(() => setLanguage(l));
                }}
                className={clsx(
                  "flex items-center justify-center gap-1 rounded-md px-2 py-1.5 text-sm",
                  locale === l
                    ? "bg-brand-50 text-brand-700 dark:bg-brand-900/50 dark:text-brand-200"
                    : "hover:bg-zinc-100 dark:hover:bg-zinc-800",
                )}
              >
                {locale === l ? icons.check : null}
                {l === "ko" ? "한국어" : "English"}
              </button>
            ))}
          </div>
          <p className="px-3 pt-1 pb-1 text-xs font-semibold text-zinc-500">{labels.theme}</p>
          <div className="grid grid-cols-3 gap-1 px-2 pb-2">
            {(["system", "light", "dark"] as const).map((value) => {
              return (
                <button
                  key={value}
                  type="button"
                  role="menuitemradio"
                  aria-checked={theme === value}
                  disabled={isPending}
                  onClick={() => {
                    setOpen(false);
                    startTransition(() => setTheme(value));
                  }}
                  className={clsx(
                    "flex flex-col items-center gap-1 rounded-md px-1 py-1.5 text-xs",
                    theme === value
                      ? "bg-brand-50 text-brand-700 dark:bg-brand-900/50 dark:text-brand-200"
                      : "hover:bg-zinc-100 dark:hover:bg-zinc-800",
                  )}
                >
                  {icons.themes[value]}
                  {labels.themes[value]}
                </button>
              );
            })}
          </div>
          <div className="border-t border-zinc-100 pt-1 dark:border-zinc-800">
            <Link
              href="/settings"
              role="menuitem"
              onClick={() => setOpen(false)}
              className="flex items-center gap-2 rounded-md px-3 py-2 text-sm hover:bg-zinc-100 dark:hover:bg-zinc-800"
            >
              {icons.settings}
              {labels.settings}
            </Link>
            <button
              type="button"
              role="menuitem"
              onClick={() => void signOutTo("/sign-in")}
              className="flex w-full items-center gap-2 rounded-md px-3 py-2 text-sm text-red-700 hover:bg-red-50 dark:text-red-400 dark:hover:bg-red-950"
            >
              {icons.signOut}
              {labels.signOut}
            </button>
          </div>
        </div>
      ) : null}
    </div>
  );
}

// next-auth's own sign-out (CSRF token, then the POST), without shipping next-auth/react to every page; if that
// fails, next-auth's sign-out page asks instead.
async function signOutTo(url: string) {
  try {
    const { csrfToken } = (await (await fetch("/api/auth/csrf")).json()) as { csrfToken: string };
    const answer = await fetch("/api/auth/signout", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", "X-Auth-Return-Redirect": "1" },
      body: new URLSearchParams({ csrfToken, callbackUrl: url, json: "true" }),
    });
    if (!answer.ok) throw new Error(`sign-out answered ${answer.status}`);
    window.location.href = url;
  } catch {
    window.location.href = "/api/auth/signout";
  }
}
