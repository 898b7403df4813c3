import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { getDb } from "@/db/client";
import { createService } from "@/lib/catalog/services";
import { systemCtx } from "@/lib/context";
import { createRoutingRule } from "@/lib/routing/manage";
import { makeUser, shoot, signIn } from "./support";

const suffix = () => randomBytes(3).toString("hex");

test("an engineer silences alerts with two matchers, sees the silence active and expires it", async ({ page }) => {
  const engineer = await makeUser("engineer");
  await signIn(page, engineer.email, engineer.password);
  await page.getByRole("navigation").first().getByRole("link", { name: "Silences", exact: true }).click();
  await expect(page).toHaveURL(/\/silences$/);

  const form = page.getByRole("form", { name: "New silence" });
  await form.getByLabel("Label matchers").fill("alertname=DiskFull\ncluster prod");
  await form.getByRole("button", { name: "Create silence" }).click();
  await expect(form.getByText("Line 2: Write one matcher per line as name=value")).toBeVisible();

  const comment = `Disk swap ${suffix()} <b>not bold</b>`;
  await form.getByLabel("Label matchers").fill("alertname=DiskFull\ncluster=~prod-.*");
  await form.getByLabel("Duration").selectOption({ label: "4 hours" });
  await form.getByLabel("Comment").fill(comment);
  await form.getByRole("button", { name: "Create silence" }).click();
  await expect(form.getByRole("status")).toHaveText("Silence created.");

  const active = page.getByRole("region", { name: /^Active/ });
  const row = active.getByRole("listitem").filter({ hasText: comment });
  await expect(row).toBeVisible();
  await expect(row).toContainText("alertname=DiskFull");
  await expect(row).toContainText("cluster=~prod-.*");
  await expect(row).toContainText(`by ${engineer.name}`);
  await expect(row.locator("b")).toHaveCount(0);
  await shoot(page, "silences-populated");

  await row.getByRole("button", { name: "Expire" }).click();
  await expect(active.getByRole("listitem").filter({ hasText: comment })).toHaveCount(0);
  await expect(
    page
      .getByRole("region", { name: /^Ended/ })
      .getByRole("listitem")
      .filter({ hasText: comment }),
  ).toBeVisible();
});

test("an engineer schedules maintenance for a service and cancels it", async ({ page }) => {
  const service = await createService(systemCtx(getDb(), "e2e"), { name: `Billing ${suffix()}`, criticality: "high" });
  const engineer = await makeUser("engineer");
  await signIn(page, engineer.email, engineer.password);
  await page.goto("/maintenance");
  const form = page.getByRole("form", { name: "New maintenance window" });
  const name = `Billing DB upgrade ${suffix()}`;
  await form.getByLabel("Name", { exact: true }).fill(name);
  await form.getByRole("button", { name: "Schedule maintenance" }).click();
  await expect(form.getByText("Choose a service or give label matchers")).toBeVisible();
  await form.getByLabel("Service").selectOption({ label: service.name });
  await form.getByRole("button", { name: "Schedule maintenance" }).click();
  await expect(form.getByRole("status")).toHaveText("Maintenance window scheduled.");

  const row = page
    .getByRole("region", { name: /^Active/ })
    .getByRole("listitem")
    .filter({ hasText: name });
  await expect(row).toContainText(service.name);
  await shoot(page, "maintenance-populated");
  await row.getByRole("button", { name: "Cancel" }).click();
  await expect(
    page
      .getByRole("region", { name: /^Ended/ })
      .getByRole("listitem")
      .filter({ hasText: name }),
  ).toBeVisible();
});

test("a manager creates a routing rule and moves it above an older one", async ({ page }) => {
  const ctx = systemCtx(getDb(), "e2e");
  const service = await createService(ctx, { name: `Payments ${suffix()}`, criticality: "critical" });
  const older = await createRoutingRule(ctx, {
    name: `Databases ${suffix()}`,
    matchers: [{ name: "team", op: "=", value: "dba" }],
    serviceId: service.id,
  });
  const manager = await makeUser("manager");
  await signIn(page, manager.email, manager.password);
  await page.getByRole("navigation").first().getByRole("link", { name: "Routing", exact: true }).click();
  await expect(page).toHaveURL(/\/admin\/routing$/);

  const form = page.getByRole("form", { name: "New rule" });
  const name = `Payments prod ${suffix()}`;
  await form.getByLabel("Name", { exact: true }).fill(name);
  await form.getByLabel("Label matchers").fill("service=payments\nenv!~staging|dev");
  await form.getByLabel("Service", { exact: true }).selectOption({ label: service.name });
  await form.getByRole("button", { name: "Create rule" }).click();
  await expect(form.getByRole("status")).toHaveText("Routing rule created.");

  const rules = page.getByRole("list", { name: "Routing rules" });
  const order = () =>
    rules.locator(":scope > li").evaluateAll((items) => items.map((item) => item.getAttribute("aria-label")));
  const created = rules.getByRole("listitem", { name, exact: true });
  await expect(created).toContainText("env!~staging|dev");
  await expect.poll(async () => (await order()).indexOf(name) - (await order()).indexOf(older.name)).toBe(1);
  await shoot(page, "routing-populated");

  await created.getByRole("button", { name: "Move up" }).click();
  await expect.poll(async () => (await order()).indexOf(name) - (await order()).indexOf(older.name)).toBe(-1);
});

test("an agent is refused the routing rules with a 403 page", async ({ page }) => {
  const agent = await makeUser("agent");
  await signIn(page, agent.email, agent.password);
  const nav = page.getByRole("navigation").first();
  await expect(nav.getByRole("link", { name: "Silences", exact: true })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Routing", exact: true })).toHaveCount(0);
  const response = await page.goto("/admin/routing");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "You don't have access to this page" })).toBeVisible();
});
