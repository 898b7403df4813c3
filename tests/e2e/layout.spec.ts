import { mkdirSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { messagesFor } from "@/lib/i18n/messages";
import { makeUser, signIn } from "./support";

const en = messagesFor("en");
const ko = messagesFor("ko");
const SHOTS = path.join(process.cwd(), ".data/test-results/screenshots");
const PAGES = [
  "/",
  "/tickets",
  "/tickets/new",
  "/requests",
  "/requests/new",
  "/incidents",
  "/alerts",
  "/silences",
  "/maintenance",
  "/teams",
  "/services",
  "/assets",
  "/admin/users",
  "/admin/routing",
  "/admin/integrations",
  "/admin/audit",
  "/admin/catalog",
  "/reports/sla",
  "/settings",
  "/settings/notifications",
  "/oncall",
  "/oncall/schedules",
  "/oncall/policies",
  "/admin/webhooks",
];
const VIEWPORTS = [
  { width: 360, height: 640 },
  { width: 1280, height: 800 },
];

function leaves(messages: unknown, prefix = ""): [string, string][] {
  return Object.entries(messages as Record<string, unknown>).flatMap(([key, value]) =>
    typeof value === "string" ? [[`${prefix}${key}`, value] as [string, string]] : leaves(value, `${prefix}${key}.`),
  );
}

// English UI strings that must never show in a Korean page's chrome (headings, labels, buttons); user data may be English.
const koValues = new Map(leaves(ko));
const ENGLISH_ONLY = leaves(en)
  .filter(([key, value]) => value.trim() !== "" && value !== koValues.get(key) && !/[{}<]/.test(value))
  .map(([, value]) => value);
const ENGLISH_WORDS = new Set(ENGLISH_ONLY);
const ENGLISH_PHRASES = ENGLISH_ONLY.filter((value) => /\s/.test(value));

function untranslatedIn(lines: string[]) {
  return lines.filter((line) => ENGLISH_WORDS.has(line) || ENGLISH_PHRASES.some((phrase) => line.includes(phrase)));
}

for (const locale of ["ko", "en"] as const) {
  for (const viewport of VIEWPORTS) {
    test(`pages fit a ${viewport.width}px screen in ${locale}`, async ({ browser }) => {
      test.setTimeout(180_000);
      mkdirSync(SHOTS, { recursive: true });
      const admin = await makeUser("admin", { locale, name: locale === "ko" ? "김관리" : "Alex Admin" });
      const context = await browser.newContext({ viewport, locale: locale === "ko" ? "ko-KR" : "en-US" });
      const page = await context.newPage();

      await page.goto("/sign-in");
      await page.screenshot({ path: path.join(SHOTS, `${locale}-${viewport.width}-sign-in.png`), fullPage: true });
      await signIn(page, admin.email, admin.password);
      for (const pathname of PAGES) {
        await page.goto(pathname);
        await expect(page.locator("html")).toHaveAttribute("lang", locale);
        const { scrollWidth, innerWidth } = await page.evaluate(() => ({
          scrollWidth: document.documentElement.scrollWidth,
          innerWidth: window.innerWidth,
        }));
        expect(scrollWidth, `${pathname} scrolls sideways`).toBeLessThanOrEqual(innerWidth);
        if (locale === "ko") {
          const chrome = await page.locator("nav, header, h1, h2, label, button, [role=status]").allInnerTexts();
          const untranslated = untranslatedIn(chrome.flatMap((text) => text.split("\n").map((line) => line.trim())));
          expect(untranslated, `${pathname} shows English text`).toEqual([]);
        }
        const name = `${locale}-${viewport.width}${pathname === "/" ? "-home" : pathname.replaceAll("/", "-")}.png`;
        await page.screenshot({ path: path.join(SHOTS, name), fullPage: true });
      }
      if (viewport.width < 640) {
        await page.getByRole("button", { name: locale === "ko" ? "메뉴 열기" : "Open menu" }).click();
        const menu = page.getByRole("dialog");
        await expect(menu.getByRole("link", { name: locale === "ko" ? "감사 로그" : "Audit log" })).toBeVisible();
        await page.screenshot({ path: path.join(SHOTS, `${locale}-${viewport.width}-menu.png`) });
        await menu.getByRole("link", { name: locale === "ko" ? "서비스" : "Services" }).click();
        await expect(page).toHaveURL(/\/services$/);
        await expect(page.getByRole("dialog")).toHaveCount(0);
      }
      await context.close();
    });
  }
}
