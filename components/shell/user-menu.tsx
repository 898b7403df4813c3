"use client";

import { Check, ChevronDown, LogOut, Monitor, Moon, Settings, Sun } from "lucide-react";
import Link from "next/link";
import { useLocale, useTranslations } from "next-intl";
import { useEffect, useRef, useState, useTransition } from "react";
import { setLanguage, setTheme } from "@/app/(app)/settings/actions";
import { cn } from "@/components/ui/cn";
import type { ThemeValue } from "./theme";

const THEME_ICONS = { system: Monitor, light: Sun, dark: Moon } as const;

export function UserMenu({
  name,
  email,
  role,
  theme,
}: {
  name: string;
  email: string;
  role: string;
  theme: ThemeValue;
}) {
  const t = useTranslations("shell");
  const tr = useTranslations("roles");
  const locale = useLocale();
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
        aria-label={t("userMenu")}
      >
        <span className="inline-flex size-8 items-center justify-center rounded-full bg-brand-100 text-xs font-semibold text-brand-700 dark:bg-brand-900 dark:text-brand-200">
          {initials}
        </span>
        <span className="hidden min-w-0 sm:block">
          <span className="block max-w-40 truncate text-sm font-medium">{name}</span>
          <span className="block text-xs text-zinc-500">{tr(role)}</span>
        </span>
        <ChevronDown className="hidden size-4 text-zinc-500 sm:block" aria-hidden />
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
          <p className="px-3 pt-2 pb-1 text-xs font-semibold text-zinc-500">{t("language")}</p>
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
                className={cn(
                  "flex items-center justify-center gap-1 rounded-md px-2 py-1.5 text-sm",
                  locale === l
                    ? "bg-brand-50 text-brand-700 dark:bg-brand-900/50 dark:text-brand-200"
                    : "hover:bg-zinc-100 dark:hover:bg-zinc-800",
                )}
              >
                {locale === l ? <Check className="size-3.5" aria-hidden /> : null}
                {l === "ko" ? "한국어" : "English"}
              </button>
            ))}
          </div>
          <p className="px-3 pt-1 pb-1 text-xs font-semibold text-zinc-500">{t("theme")}</p>
          <div className="grid grid-cols-3 gap-1 px-2 pb-2">
            {(["system", "light", "dark"] as const).map((value) => {
              const Icon = THEME_ICONS[value];
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
                  className={cn(
                    "flex flex-col items-center gap-1 rounded-md px-1 py-1.5 text-xs",
                    theme === value
                      ? "bg-brand-50 text-brand-700 dark:bg-brand-900/50 dark:text-brand-200"
                      : "hover:bg-zinc-100 dark:hover:bg-zinc-800",
                  )}
                >
                  <Icon className="size-4" aria-hidden />
                  {t(`themes.${value}`)}
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
              <Settings className="size-4" aria-hidden />
              {t("settings")}
            </Link>
            <button
              type="button"
              role="menuitem"
              onClick={() => void signOutTo("/sign-in")}
              className="flex w-full items-center gap-2 rounded-md px-3 py-2 text-sm text-red-700 hover:bg-red-50 dark:text-red-400 dark:hover:bg-red-950"
            >
              <LogOut className="size-4" aria-hidden />
              {t("signOut")}
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
