import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { getDb } from "@/db/client";
import { systemCtx } from "@/lib/context";
import { createIntegration } from "@/lib/integrations/create";
import { makeToken, makeUser, signIn } from "./support";

const fixture = (name: string) =>
  JSON.parse(readFileSync(path.join(process.cwd(), "tests/fixtures/alertmanager", name), "utf8"));

test("an Alertmanager alert becomes an incident the engineer sees appear, acknowledges and resolves", async ({
  page,
  request,
}) => {
  const engineer = await makeUser("engineer");
  const { key } = await createIntegration(systemCtx(getDb(), "e2e"), {
    kind: "alertmanager",
    name: `Prometheus e2e ${Date.now()}`,
  });
  await signIn(page, engineer.email, engineer.password);
  await page.goto("/incidents");

  const payload = fixture("am-0.25-webhook-1.json");
  const marker = `e2e-${Date.now()}`;
  payload.groupKey = `${payload.groupKey}-${marker}`;
  for (const alert of payload.alerts) {
    alert.fingerprint = `${alert.fingerprint}-${marker}`;
    alert.labels.pod = `${alert.labels.pod}<script>window.pwned=1</script>`;
    alert.annotations.summary = `Pod is crash looping (${marker})`;
  }
  const accepted = await request.post("/api/v1/integrations/alertmanager", {
    headers: { Authorization: `Bearer ${key}` },
    data: payload,
  });
  expect(accepted.status()).toBe(202);

  // No reload: the list refreshes itself while the engine processes the events.
  const row = page
    .locator("a[data-testid^='incident-']", { hasText: payload.alerts[0].annotations.summary ?? "" })
    .first();
  await expect(row).toBeVisible({ timeout: 30_000 });
  await row.click();
  await expect(page).toHaveURL(/\/tickets\/INC-\d+$/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(marker);
  await expect(page.getByText("2 alerts (2 firing)", { exact: true })).toBeVisible();
  await expect(page.getByText(/<script>window\.pwned=1<\/script>/).first()).toBeVisible();
  expect(await page.evaluate(() => (window as { pwned?: number }).pwned)).toBeUndefined();

  const number = (await page.locator("h1").locator("..").locator("span.font-mono").first().textContent())?.trim() ?? "";
  expect(number).toMatch(/^INC-\d+$/);
  const header = page.locator("h1").locator("..");
  await expect(header.getByText("New", { exact: true })).toBeVisible();
  await page.getByRole("button", { name: "Acknowledge" }).click();
  await expect(header.getByText("Acknowledged", { exact: true })).toBeVisible();
  await expect(page.getByRole("button", { name: "Acknowledge" })).toHaveCount(0);
  const statusForm = page.getByRole("form", { name: "Status" });
  await statusForm.getByLabel("Change status to").selectOption("resolved");
  await statusForm.getByLabel("Resolution code").selectOption("workaround");
  await statusForm.getByLabel("Resolution note").fill("Rolled the deployment back");
  await statusForm.getByRole("button", { name: "Change status" }).click();
  await expect(header.getByText("Resolved", { exact: true })).toBeVisible();
  await expect(statusForm.getByLabel("Change status to").locator("option", { hasText: "Closed" })).toHaveCount(1);

  const token = await makeToken(engineer.id);
  const api = await request.get(`/api/v1/tickets/${number}`, { headers: { Authorization: `Bearer ${token}` } });
  expect(api.status()).toBe(200);
  const { data } = await api.json();
  expect(data).toMatchObject({ number, status: "resolved", alertCount: 2 });
  expect(data.acknowledgedAt).not.toBeNull();
  expect(data.alerts.map((a: { fingerprint: string }) => a.fingerprint).sort()).toEqual(
    payload.alerts.map((a: { fingerprint: string }) => a.fingerprint).sort(),
  );
});
