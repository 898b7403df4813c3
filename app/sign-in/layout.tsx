import { NextIntlClientProvider } from "next-intl";

export default function SignInLayout({ children }: { children: React.ReactNode }) {
  return <NextIntlClientProvider>{children}</NextIntlClientProvider>;
}
