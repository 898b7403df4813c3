import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { expect, type Page } from "@playwright/test";
import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { type Role, users } from "@/db/schema";
import { systemCtx } from "@/lib/context";
import { createApiToken } from "@/lib/tokens/create";
import { createUser } from "@/lib/users/create";

export function uniqueEmail(prefix: string) {
  return `${prefix}-${randomBytes(4).toString("hex")}@e2e.example.com`;
}

export async function makeUser(role: Role, options: { locale?: "ko" | "en"; name?: string } = {}) {
  const password = `pw-${randomBytes(8).toString("hex")}`;
  const user = await createUser(systemCtx(getDb(), "e2e"), {
    email: uniqueEmail(role),
    name: options.name ?? `E2E ${role} ${randomBytes(2).toString("hex")}`,
    role,
    password,
    locale: options.locale ?? "en",
  });
  return { ...user, password };
}

export async function makeToken(userId: string) {
  const { secret } = await createApiToken(systemCtx(getDb(), "e2e"), { userId, name: "e2e" });
  return secret;
}

export async function readUser(id: string) {
  return getDb().query.users.findFirst({ where: eq(users.id, id) });
}

export async function signIn(page: Page, email: string, password: string) {
  await page.goto("/sign-in");
  await page.getByLabel(/^(Email|이메일)$/).fill(email);
  await page.getByLabel(/^(Password|비밀번호)$/).fill(password);
  await page.getByRole("button", { name: /^(Sign in|로그인)$/ }).click();
  await expect(page).toHaveURL(/\/(requests)?$/);
}

export async function attemptSignIn(page: Page, email: string, password: string): Promise<string> {
  await page.getByLabel(/^(Email|이메일)$/).fill(email);
  await page.getByLabel(/^(Password|비밀번호)$/).fill(password);
  const answered = page.waitForResponse((r) => r.url().includes("/api/auth/callback/credentials"));
  await page.getByRole("button", { name: /^(Sign in|로그인)$/ }).click();
  await answered;
  const alert = page.locator("form p[role=alert]");
  await expect(alert).toBeVisible();
  await expect(page.getByRole("button", { name: /^(Sign in|로그인)$/ })).toBeEnabled();
  return (await alert.textContent()) ?? "";
}

export const SHOTS = path.join(process.cwd(), ".data/test-results/screenshots");

// Full-page screenshots at phone and desktop width, failing if the page scrolls sideways.
export async function shoot(page: Page, name: string, locale: "en" | "ko" = "en") {
  mkdirSync(SHOTS, { recursive: true });
  for (const width of [360, 1280]) {
    await page.setViewportSize({ width, height: width === 360 ? 640 : 800 });
    await page.evaluate(() => window.scrollTo(0, 0));
    const { scrollWidth, innerWidth } = await page.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      innerWidth: window.innerWidth,
    }));
    expect(scrollWidth, `${name} scrolls sideways at ${width}px`).toBeLessThanOrEqual(innerWidth);
    await page.screenshot({ path: path.join(SHOTS, `${locale}-${width}-${name}.png`), fullPage: true });
  }
}
