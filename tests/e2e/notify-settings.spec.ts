import { expect, request as playwrightRequest, test } from "@playwright/test";
import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { notificationRules } from "@/db/schema";
import { makeUser, shoot, signIn } from "./support";

const CASES = [
  {
    locale: "en",
    title: "Notifications",
    defaults: "You have no rules of your own, so you get the default:",
    channel: "Channel",
    delay: "After (minutes)",
    addRule: "Add rule",
    saved: "Rule saved",
    after5: "after 5 minutes",
    tooLate: "The delay is between 0 and 1440 minutes",
    enable: "Enable push notifications",
  },
  {
    locale: "ko",
    title: "알림",
    defaults: "직접 만든 규칙이 없어 기본값이 적용됩니다:",
    channel: "채널",
    delay: "지연(분)",
    addRule: "규칙 추가",
    saved: "규칙을 저장했습니다",
    after5: "5분 뒤",
    tooLate: "지연 시간은 0~1440분 사이여야 합니다",
    enable: "푸시 알림 켜기",
  },
] as const;

for (const c of CASES) {
  test(`an engineer edits their notification rules (${c.locale})`, async ({ page }) => {
    const user = await makeUser("engineer", { locale: c.locale });
    await signIn(page, user.email, user.password);
    await page.goto("/settings/notifications");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(c.title);
    await expect(page.getByTestId("default-rules")).toContainText(c.defaults);
    await shoot(page, "notify-settings-defaults", c.locale);

    await page.setViewportSize({ width: 1280, height: 800 });
    const form = page.getByRole("form", { name: c.addRule });
    await form.getByLabel(c.channel).selectOption("email");
    if (c.tooLate) {
      await form.getByLabel(c.delay).fill("2000");
      await form.getByRole("button", { name: c.addRule }).click();
      await expect(form.getByText(c.tooLate)).toBeVisible();
    }
    await form.getByLabel(c.delay).fill("5");
    await form.getByRole("checkbox", { name: "P1" }).check();
    await form.getByRole("button", { name: c.addRule }).click();
    await expect(form.getByRole("status")).toHaveText(c.saved);
    await expect(page.getByTestId("rule")).toHaveCount(1);
    await expect(page.getByTestId("rule")).toContainText(c.after5);
    const rules = await getDb().select().from(notificationRules).where(eq(notificationRules.userId, user.id));
    expect(rules).toMatchObject([{ channel: "email", delayMinutes: 5, priorities: ["P1"] }]);
    await shoot(page, "notify-settings-rule", c.locale);
  });
}

test("the Enable button registers the service worker and asks for a push subscription", async ({ page, context }) => {
  const user = await makeUser("engineer", { locale: "en" });
  await signIn(page, user.email, user.password);
  const origin = new URL(page.url()).origin;
  await context.grantPermissions(["notifications"], { origin });
  await page.goto("/settings/notifications");
  const state = page.getByTestId("push-state");
  await expect(state).toHaveAttribute("data-state", "off");
  const scriptUrl = await page.evaluate(async () => (await navigator.serviceWorker.ready).active?.scriptURL);
  expect(scriptUrl).toBe(`${origin}/sw.js`);
  await page.getByRole("button", { name: "Enable push notifications" }).click();
  // Headless Chromium has no push service to register with, so subscribe() fails there and the page must say so;
  // where a push service answers, the browser is listed as subscribed.
  await expect(state).toHaveAttribute("data-state", /^(on|error)$/, { timeout: 20_000 });
  const reached = await state.getAttribute("data-state");
  test.info().annotations.push({ type: "push subscription", description: `${reached}: ${await state.textContent()}` });
  if (reached === "on") {
    await page.reload();
    await expect(page.getByTestId("subscription")).toHaveCount(1);
  } else {
    await expect(state).toContainText("Push notifications could not be turned on");
  }
});

test("the service worker shows a pushed incident with Acknowledge and Open actions", async ({ page, context }) => {
  const user = await makeUser("engineer", { locale: "en" });
  await signIn(page, user.email, user.password);
  const origin = new URL(page.url()).origin;
  await context.grantPermissions(["notifications"], { origin });
  const cdp = await context.newCDPSession(page);
  const registrations = new Map<string, string>();
  cdp.on("ServiceWorker.workerRegistrationUpdated", ({ registrations: list }) => {
    for (const r of list as { registrationId: string; scopeURL: string }[])
      registrations.set(r.scopeURL, r.registrationId);
  });
  await cdp.send("ServiceWorker.enable");
  await page.goto("/settings/notifications");
  await page.evaluate(async () => navigator.serviceWorker.ready);
  await expect.poll(() => registrations.get(`${origin}/`)).toBeTruthy();
  const payload = {
    title: "[P1] INC-000042 Disk full on db-01",
    body: "db · New · You are on call for this incident",
    tag: "INC-000042",
    url: "/oncall/INC-000042",
    actions: [
      { action: "ack", title: "Acknowledge", url: `${origin}/a/some-token` },
      { action: "open", title: "Open", url: "/oncall/INC-000042" },
    ],
    ticket: { number: "INC-000042", priority: "P1", title: "Disk full on db-01", status: "new" },
  };
  await cdp.send("ServiceWorker.deliverPushMessage", {
    origin,
    registrationId: registrations.get(`${origin}/`) as string,
    data: JSON.stringify(payload),
  });
  await expect
    .poll(
      () =>
        page.evaluate(async () => {
          const registration = await navigator.serviceWorker.ready;
          const list = await registration.getNotifications({ tag: "INC-000042" });
          return list.map((n) => ({
            title: n.title,
            body: n.body,
            tag: n.tag,
            requireInteraction: n.requireInteraction,
            actions: (n as unknown as { actions: { action: string; title: string }[] }).actions.map((a) => a.action),
            url: (n.data as { url: string }).url,
          }));
        }),
      { timeout: 10_000 },
    )
    .toEqual([
      {
        title: payload.title,
        body: payload.body,
        tag: "INC-000042",
        requireInteraction: true,
        actions: ["ack", "open"],
        url: "/oncall/INC-000042",
      },
    ]);
});

test("the manifest, service worker, icons and one-tap pages are served without a session", async ({ baseURL }) => {
  const anonymous = await playwrightRequest.newContext({ baseURL });
  const manifest = await anonymous.get("/manifest.webmanifest");
  expect(manifest.status()).toBe(200);
  const body = await manifest.json();
  expect(body).toMatchObject({ name: "Watchdesk", start_url: "/oncall", display: "standalone" });
  for (const icon of body.icons as { src: string; sizes: string }[]) {
    const response = await anonymous.get(icon.src);
    expect(response.status(), icon.src).toBe(200);
    expect(response.headers()["content-type"]).toBe("image/png");
  }
  expect(body.icons.some((i: { purpose?: string }) => i.purpose === "maskable")).toBe(true);
  const sw = await anonymous.get("/sw.js");
  expect(sw.status()).toBe(200);
  expect(await sw.text()).toContain("notificationclick");
  const oneTap = await anonymous.get("/a/not-a-real-token", { maxRedirects: 0 });
  expect(oneTap.status()).toBe(404);
  await anonymous.dispose();
});

test("an admin creates a webhook and sees its signing secret once", async ({ page }) => {
  const admin = await makeUser("admin", { locale: "en" });
  await signIn(page, admin.email, admin.password);
  await page.goto("/admin/webhooks");
  const form = page.getByRole("form", { name: "New webhook" });
  await form.getByLabel("Name").fill(`Ops chat ${Date.now()}`);
  await form.getByLabel("URL").fill("ftp://example.com/hook");
  await form.getByRole("button", { name: "Create webhook" }).click();
  await expect(form.getByText("The URL must start with http:// or https://")).toBeVisible();
  await form.getByLabel("URL").fill("https://hooks.example.com/services/T000/B000/XXX");
  await form.getByRole("button", { name: "Create webhook" }).click();
  await expect(page.getByTestId("webhook-secret")).toHaveText(/^[0-9a-f]{64}$/);
  await shoot(page, "webhooks-admin", "en");
  await page.reload();
  await expect(page.getByTestId("webhook-secret")).toHaveCount(0);
});
