import {
  BellDot,
  BellOff,
  BellRing,
  Boxes,
  CalendarClock,
  CalendarDays,
  CalendarRange,
  ChartColumn,
  Check,
  ChevronDown,
  ClipboardList,
  ClipboardPlus,
  Home,
  Inbox,
  Layers,
  LayoutList,
  LogOut,
  Menu,
  Monitor,
  Moon,
  Plug,
  Route,
  ScrollText,
  Send,
  Settings,
  ShieldCheck,
  Siren,
  Smartphone,
  Sun,
  TrendingUp,
  Users,
  UsersRound,
  X,
} from "lucide-react";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import type { User } from "@/db/schema";
import { userActor } from "@/lib/auth/current-user";
import { can } from "@/lib/auth/permissions";
import { Logo } from "./logo";
import { MobileNav } from "./mobile-nav";
import type { NavSection } from "./nav";
import { NavLinks } from "./nav";
import { UserMenu } from "./user-menu";

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

type Section = { label?: string; items: { href: string; label: string; icon: keyof typeof ICONS }[] };

export async function AppShell({ user, children }: { user: User; children: React.ReactNode }) {
  const [t, ts, tr, locale] = await Promise.all([
    getTranslations("nav"),
    getTranslations("shell"),
    getTranslations("roles"),
    getLocale(),
  ]);
  const actor = userActor(user);
  const allSections: Section[] = [
    { items: user.role === "requester" ? [] : [{ href: "/", label: t("home"), icon: "home" }] },
    {
      label: t("operations"),
      items: can(actor, "tickets.read")
        ? [
            { href: "/tickets", label: t("tickets"), icon: "tickets" },
            { href: "/incidents", label: t("incidents"), icon: "incidents" },
            { href: "/alerts", label: t("alerts"), icon: "alerts" },
            ...(can(actor, "silences.manage")
              ? [
                  { href: "/silences", label: t("silences"), icon: "silences" as const },
                  { href: "/maintenance", label: t("maintenance"), icon: "maintenance" as const },
                ]
              : []),
          ]
        : [],
    },
    {
      label: t("onCall"),
      items: can(actor, "oncall.read")
        ? [
            { href: "/oncall", label: t("myIncidents"), icon: "onCall" as const },
            { href: "/oncall/schedules", label: t("schedules"), icon: "schedules" as const },
            { href: "/oncall/policies", label: t("escalationPolicies"), icon: "escalation" as const },
          ]
        : [],
    },
    {
      label: t("requests"),
      items: can(actor, "requests.portal")
        ? [
            { href: "/requests", label: t("myRequests"), icon: "myRequests" },
            { href: "/requests/new", label: t("newRequest"), icon: "newRequest" },
          ]
        : [],
    },
    {
      label: t("reports"),
      items: can(actor, "reports.read") ? [{ href: "/reports/sla", label: t("slaReport"), icon: "reports" }] : [],
    },
    {
      label: t("catalog"),
      items: can(actor, "catalog.read")
        ? [
            { href: "/teams", label: t("teams"), icon: "teams" },
            { href: "/services", label: t("services"), icon: "services" },
            { href: "/assets", label: t("assets"), icon: "assets" },
          ]
        : [],
    },
    {
      label: t("administration"),
      items: [
        ...(can(actor, "users.read") ? [{ href: "/admin/users", label: t("users"), icon: "users" as const }] : []),
        ...(can(actor, "request_catalog.manage")
          ? [{ href: "/admin/catalog", label: t("requestCatalog"), icon: "requestCatalog" as const }]
          : []),
        ...(can(actor, "routing.manage")
          ? [{ href: "/admin/routing", label: t("routing"), icon: "routing" as const }]
          : []),
        ...(can(actor, "sla.policies.manage")
          ? [{ href: "/admin/sla", label: t("slaPolicies"), icon: "slaPolicies" as const }]
          : []),
        ...(can(actor, "sla.calendars.manage")
          ? [{ href: "/admin/calendars", label: t("calendars"), icon: "calendars" as const }]
          : []),
        ...(can(actor, "integrations.manage")
          ? [{ href: "/admin/integrations", label: t("integrations"), icon: "integrations" as const }]
          : []),
        ...(can(actor, "webhooks.manage")
          ? [{ href: "/admin/webhooks", label: t("webhooks"), icon: "webhooks" as const }]
          : []),
        ...(can(actor, "audit.read") ? [{ href: "/admin/audit", label: t("audit"), icon: "audit" as const }] : []),
      ],
    },
    {
      label: t("account"),
      items: [
        { href: "/settings", label: t("settings"), icon: "settings" },
        ...(can(actor, "notifications.own")
          ? [{ href: "/settings/notifications", label: t("notifications"), icon: "notifications" as const }]
          : []),
      ],
    },
  ];
  const sections: NavSection[] = allSections
    .filter((section) => section.items.length > 0)
    .map((section) => ({
      ...section,
      items: section.items.map(({ icon, ...item }) => {
        const Icon = ICONS[icon];
        return { ...item, icon: <Icon className="size-4 shrink-0" aria-hidden /> };
      }),
    }));

  return (
    <div className="min-h-dvh lg:grid lg:grid-cols-[15rem_1fr] print:block!">
      <aside className="hidden border-r print:hidden border-zinc-200 bg-white lg:sticky lg:top-0 lg:flex lg:h-dvh lg:flex-col lg:px-3 lg:py-4 dark:border-zinc-800 dark:bg-zinc-900">
        <Link href="/" className="mb-6 px-2">
          <Logo />
        </Link>
        <div className="flex-1 overflow-y-auto">
          <NavLinks sections={sections} />
        </div>
      </aside>
      <div className="flex min-w-0 flex-col">
        <header className="sticky top-0 z-30 flex print:hidden h-14 items-center justify-between gap-3 border-b border-zinc-200 bg-white/90 px-4 backdrop-blur sm:px-6 dark:border-zinc-800 dark:bg-zinc-900/90">
          <div className="flex items-center gap-2">
            <MobileNav
              sections={sections}
              labels={{ openMenu: ts("openMenu"), menu: ts("menu"), closeMenu: ts("closeMenu") }}
              icons={{ open: <Menu className="size-5" />, close: <X className="size-5" /> }}
            />
            <Link href="/" className="lg:hidden" aria-label="Watchdesk">
              <Logo />
            </Link>
          </div>
          <UserMenu
            name={user.name}
            email={user.email}
            roleLabel={tr(user.role)}
            theme={user.theme}
            locale={locale}
            labels={{
              userMenu: ts("userMenu"),
              language: ts("language"),
              theme: ts("theme"),
              settings: ts("settings"),
              signOut: ts("signOut"),
              themes: { system: ts("themes.system"), light: ts("themes.light"), dark: ts("themes.dark") },
            }}
            icons={{
              open: <ChevronDown className="hidden size-4 text-zinc-500 sm:block" aria-hidden />,
              check: <Check className="size-3.5" aria-hidden />,
              settings: <Settings className="size-4" aria-hidden />,
              signOut: <LogOut className="size-4" aria-hidden />,
              themes: {
                system: <Monitor className="size-4" aria-hidden />,
                light: <Sun className="size-4" aria-hidden />,
                dark: <Moon className="size-4" aria-hidden />,
              },
            }}
          />
        </header>
        <main className="mx-auto w-full max-w-6xl min-w-0 flex-1 px-4 py-6 sm:px-6 lg:py-8">{children}</main>
      </div>
    </div>
  );
}
