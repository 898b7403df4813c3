import { NextIntlClientProvider } from "next-intl";
import { AppShell } from "@/components/shell/app-shell";
import { requireUser } from "@/lib/auth/current-user";

// The desk's client components read their words from next-intl; the phone pages, in (phone), do without it.
export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const user = await requireUser();
  return (
    <NextIntlClientProvider>
      <AppShell user={user}>{children}</AppShell>
    </NextIntlClientProvider>
  );
}
