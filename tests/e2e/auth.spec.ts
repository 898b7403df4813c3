import { expect, test } from "@playwright/test";
import { attemptSignIn, makeToken, makeUser, readUser, signIn, uniqueEmail } from "./support";

const NAV_BY_ROLE = {
  admin: { visible: ["Home", "Teams", "Services", "Assets", "Users", "Audit log", "Settings"], hidden: [] },
  manager: { visible: ["Home", "Teams", "Services", "Assets", "Audit log", "Settings"], hidden: ["Users"] },
  agent: { visible: ["Home", "Teams", "Services", "Assets", "Settings"], hidden: ["Users", "Audit log"] },
  engineer: { visible: ["Home", "Teams", "Services", "Assets", "Settings"], hidden: ["Users", "Audit log"] },
} as const;

const ADMIN_PAGES = ["/admin/users", "/admin/audit", "/admin/routing", "/admin/integrations", "/admin/catalog"];
const REFUSED_PAGES = {
  admin: [],
  manager: ["/admin/users", "/admin/integrations"],
  agent: ADMIN_PAGES,
  engineer: ADMIN_PAGES,
} as const;

for (const role of ["admin", "manager", "agent", "engineer"] as const) {
  test(`${role} signs in, sees what the role may see and is refused the rest`, async ({ page, request }) => {
    const user = await makeUser(role);
    await signIn(page, user.email, user.password);
    const nav = page.getByRole("navigation").first();
    for (const label of NAV_BY_ROLE[role].visible) {
      await expect(nav.getByRole("link", { name: label, exact: true })).toBeVisible();
    }
    for (const label of NAV_BY_ROLE[role].hidden) {
      await expect(nav.getByRole("link", { name: label, exact: true })).toHaveCount(0);
    }
    for (const path of REFUSED_PAGES[role]) {
      const response = await page.goto(path);
      expect(response?.status()).toBe(403);
      await expect(page.getByRole("heading", { name: "You don't have access to this page" })).toBeVisible();
    }
    if (role === "admin") {
      const response = await page.goto("/admin/users");
      expect(response?.status()).toBe(200);
      await expect(page.getByRole("heading", { name: "Users", level: 1 })).toBeVisible();
    }

    const token = await makeToken(user.id);
    const me = await request.get("/api/v1/me", { headers: { Authorization: `Bearer ${token}` } });
    expect(me.status()).toBe(200);
    expect((await me.json()).data.email).toBe(user.email);
    const list = await request.get("/api/v1/users", { headers: { Authorization: `Bearer ${token}` } });
    if (role === "admin") {
      expect(list.status()).toBe(200);
      expect((await list.json()).data.some((u: { email: string }) => u.email === user.email)).toBe(true);
    } else {
      expect(list.status()).toBe(403);
      expect((await list.json()).error.code).toBe("forbidden");
    }
  });
}

test("a token made in Settings is shown once, works as a Bearer token until revoked, and is refused after", async ({
  page,
  request,
}) => {
  const user = await makeUser("engineer");
  await signIn(page, user.email, user.password);
  await page.goto("/settings");
  await page.getByLabel("Token name").fill("laptop script");
  await page.getByRole("button", { name: "Create token" }).click();
  const secret = (await page.getByTestId("new-token").textContent())?.trim() ?? "";
  expect(secret).toMatch(/^wd_[A-Za-z0-9_-]{40,}$/);

  const auth = { Authorization: `Bearer ${secret}` };
  const me = await request.get("/api/v1/me", { headers: auth });
  expect(me.status()).toBe(200);
  expect((await me.json()).data.email).toBe(user.email);

  await page.reload();
  await expect(page.getByTestId("new-token")).toHaveCount(0);
  await expect(page.getByText(secret)).toHaveCount(0);
  const row = page.locator("li", { hasText: "laptop script" });
  await expect(row).toContainText(secret.slice(0, 10));
  page.once("dialog", (dialog) => dialog.accept());
  await row.getByRole("button", { name: "Revoke" }).click();
  await expect(row.getByText("Revoked")).toBeVisible();

  const revoked = await request.get("/api/v1/me", { headers: auth });
  expect(revoked.status()).toBe(401);
  expect((await revoked.json()).error).toMatchObject({
    code: "unauthorized",
    message: "The API token has been revoked",
  });
  const missing = await request.get("/api/v1/me");
  expect(missing.status()).toBe(401);
  expect((await missing.json()).error.code).toBe("unauthorized");
  const unknown = await request.get("/api/v1/me", { headers: { Authorization: "Bearer wd_not-a-real-token" } });
  expect(unknown.status()).toBe(401);
  expect((await unknown.json()).error.message).toBe("The API token is not valid");
});

test("switching language changes the interface and is remembered for the user", async ({ page, browser }) => {
  const user = await makeUser("agent", { locale: "en" });
  await signIn(page, user.email, user.password);
  await expect(page.getByRole("link", { name: "Settings", exact: true }).first()).toBeVisible();
  await page.getByRole("button", { name: "Account menu" }).click();
  await page.getByRole("menuitemradio", { name: "한국어" }).click();
  await expect(page.getByRole("link", { name: "설정", exact: true }).first()).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "ko");
  await expect.poll(async () => (await readUser(user.id))?.locale).toBe("ko");

  const fresh = await browser.newContext({ locale: "en-US" });
  const other = await fresh.newPage();
  await signIn(other, user.email, user.password);
  await expect(other.locator("html")).toHaveAttribute("lang", "ko");
  await fresh.close();

  await page.getByRole("button", { name: "계정 메뉴" }).click();
  await page.getByRole("menuitemradio", { name: "English" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
});

test("the sign-in page follows the browser language before anyone signs in", async ({ browser }) => {
  const ko = await browser.newContext({ locale: "ko-KR" });
  const page = await ko.newPage();
  await page.goto("/sign-in");
  await expect(page.getByRole("heading", { name: "로그인" })).toBeVisible();
  await page.getByRole("button", { name: "English" }).click();
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await ko.close();
});

test("signing out ends the session", async ({ page }) => {
  const user = await makeUser("engineer");
  await signIn(page, user.email, user.password);
  await page.getByRole("button", { name: "Account menu" }).click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await page.goto("/settings");
  await expect(page).toHaveURL(/\/sign-in/);
});

test("a deactivated user's open session stops working on the next request", async ({ page, browser }) => {
  const admin = await makeUser("admin");
  const victim = await makeUser("agent", { name: `Deactivate Me ${Date.now()}` });
  await signIn(page, victim.email, victim.password);
  await page.goto("/settings");
  await expect(page.getByRole("heading", { name: "Settings", level: 1 })).toBeVisible();

  const adminContext = await browser.newContext();
  const adminPage = await adminContext.newPage();
  await signIn(adminPage, admin.email, admin.password);
  await adminPage.goto("/admin/users");
  const row = adminPage.locator("li", { has: adminPage.getByTestId(`user-row-${victim.email}`) });
  await row.locator("summary").click();
  adminPage.once("dialog", (dialog) => dialog.accept());
  await row.getByRole("button", { name: "Deactivate" }).click();
  await expect(row.getByText("Inactive")).toBeVisible();
  await adminContext.close();

  await page.reload();
  await expect(page).toHaveURL(/\/sign-in/);
  const message = await attemptSignIn(page, victim.email, victim.password);
  expect(message).toContain("deactivated");
});

test("ten wrong passwords are rate limited with the same answers for known and unknown emails", async ({ page }) => {
  const user = await makeUser("agent");
  const unknown = uniqueEmail("nobody");
  await page.goto("/sign-in");
  const knownAnswers: string[] = [];
  const unknownAnswers: string[] = [];
  for (let i = 0; i < 10; i++) knownAnswers.push(await attemptSignIn(page, user.email, `wrong-${i}-password`));
  for (let i = 0; i < 10; i++) unknownAnswers.push(await attemptSignIn(page, unknown, `wrong-${i}-password`));

  expect(knownAnswers).toEqual(unknownAnswers);
  expect(knownAnswers[0]).toBe("The email or password is incorrect.");
  expect(knownAnswers.at(-1)).toBe("Too many sign-in attempts. Wait a few minutes and try again.");
  expect(new Set(knownAnswers).size).toBe(2);
  expect(await attemptSignIn(page, user.email, user.password)).toBe(knownAnswers.at(-1));
});
