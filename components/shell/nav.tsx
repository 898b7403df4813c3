"use client";

import {
  BellDot,
  BellOff,
  BellRing,
  Boxes,
  CalendarClock,
  CalendarDays,
  CalendarRange,
  ChartColumn,
  ClipboardList,
  ClipboardPlus,
  Home,
  Inbox,
  Layers,
  LayoutList,
  Plug,
  Route,
  ScrollText,
  Send,
  Settings,
  ShieldCheck,
  Siren,
  Smartphone,
  TrendingUp,
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
  requestCatalog: LayoutList,
  myRequests: Inbox,
  newRequest: ClipboardPlus,
  reports: ChartColumn,
  slaPolicies: ShieldCheck,
  calendars: CalendarDays,
  onCall: Smartphone,
  schedules: CalendarRange,
  escalation: TrendingUp,
  webhooks: Send,
  notifications: BellDot,
} as const;

export type NavItem = { href: string; label: string; icon: keyof typeof ICONS };
export type NavSection = { label?: string; items: NavItem[] };

function isActive(pathname: string, href: string) {
  return href === "/" ? pathname === "/" : pathname === href || pathname.startsWith(`${href}/`);
}

export function NavLinks({ sections, onNavigate }: { sections: NavSection[]; onNavigate?: () => void }) {
  const pathname = usePathname();
  // The most specific match wins, so /requests/new lights "New request" and not also "My requests".
  const activeHref = sections
    .flatMap((section) => section.items.map((item) => item.href))
    .filter((href) => isActive(pathname, href))
    .sort((a, b) => b.length - a.length)[0];
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
              const active = item.href === activeHref;
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
