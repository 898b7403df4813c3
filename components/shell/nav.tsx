"use client";

import {
  BellOff,
  BellRing,
  Boxes,
  CalendarClock,
  ClipboardList,
  Home,
  Layers,
  Plug,
  Route,
  ScrollText,
  Settings,
  Siren,
  Users,
  UsersRound,
} from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/components/ui/cn";

const ICONS = {
  home: Home,
  teams: UsersRound,
  services: Layers,
  assets: Boxes,
  users: Users,
  audit: ScrollText,
  settings: Settings,
  integrations: Plug,
  tickets: ClipboardList,
  incidents: Siren,
  alerts: BellRing,
  silences: BellOff,
  maintenance: CalendarClock,
  routing: Route,
} as const;

export type NavItem = { href: string; label: string; icon: keyof typeof ICONS };
export type NavSection = { label?: string; items: NavItem[] };

function isActive(pathname: string, href: string) {
  return href === "/" ? pathname === "/" : pathname === href || pathname.startsWith(`${href}/`);
}

export function NavLinks({ sections, onNavigate }: { sections: NavSection[]; onNavigate?: () => void }) {
  const pathname = usePathname();
  return (
    <nav className="flex flex-col gap-5">
      {sections.map((section, i) => (
        <div key={section.label ?? i}>
          {section.label ? (
            <p className="mb-1 px-3 text-xs font-semibold tracking-wide text-zinc-500 uppercase dark:text-zinc-500">
              {section.label}
            </p>
          ) : null}
          <ul className="flex flex-col gap-0.5">
            {section.items.map((item) => {
              const Icon = ICONS[item.icon];
              const active = isActive(pathname, item.href);
              return (
                <li key={item.href}>
                  <Link
                    href={item.href}
                    onClick={onNavigate}
                    aria-current={active ? "page" : undefined}
                    className={cn(
                      "flex items-center gap-3 rounded-md px-3 py-2 text-sm font-medium transition-colors",
                      active
                        ? "bg-brand-50 text-brand-700 dark:bg-brand-900/40 dark:text-brand-200"
                        : "text-zinc-700 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800",
                    )}
                  >
                    <Icon className="size-4 shrink-0" aria-hidden />
                    {item.label}
                  </Link>
                </li>
              );
            })}
          </ul>
        </div>
      ))}
    </nav>
  );
}
