import { AppShell } from "@/components/shell/app-shell";
import { requireUser } from "@/lib/auth/current-user";

// The on-call pages a phone opens from a notification: the same shell as the desk, but no next-intl client runtime
// and messages; their client components get their words as props (components/oncall/phone-actions.tsx).
export default async function PhoneLayout({ children }: { children: React.ReactNode }) {
  const user = await requireUser();
  return <AppShell user={user}>{children}</AppShell>;
}
