import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { tickets } from "@/db/schema";
import { systemCtx } from "@/lib/context";
import { createRequestCategory, createRequestType } from "@/lib/requests/catalog";
import { addComment } from "@/lib/tickets/comment";
import { makeUser, signIn } from "./support";

test("a requester files a VPN request with its fields, replies, and never sees the desk's internal notes", async ({
  page,
}) => {
  const suffix = randomBytes(3).toString("hex");
  const ctx = systemCtx(getDb(), "e2e");
  const category = await createRequestCategory(ctx, { name: `Access ${suffix}`, description: "Accounts and VPN" });
  await createRequestType(ctx, {
    categoryId: category.id,
    name: `VPN access ${suffix}`,
    fields: [
      { key: "reason", label: "Reason", type: "textarea", isRequired: true },
      { key: "duration_days", label: "Duration (days)", type: "number", isRequired: false },
      { key: "needs_mfa_token", label: "Needs an MFA token", type: "checkbox", isRequired: false },
    ],
  });
  const requester = await makeUser("requester");
  const agent = await makeUser("agent");

  await signIn(page, requester.email, requester.password);
  await expect(page).toHaveURL(/\/requests$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("My requests");
  await expect(page.getByRole("link", { name: "Incidents" })).toHaveCount(0);

  await page.getByRole("main").getByRole("link", { name: "New request" }).first().click();
  await page.getByRole("link", { name: new RegExp(`Access ${suffix}`) }).click();
  await page.getByRole("link", { name: new RegExp(`VPN access ${suffix}`) }).click();

  const title = `VPN for the branch visit ${suffix}`;
  await page.getByLabel("Summary").fill(title);
  await page.getByLabel(/^Duration/).fill("14");
  await page.getByRole("button", { name: "Submit request" }).click();
  await expect(page.locator('[data-field="reason"]').getByText("This field is required")).toBeVisible();
  await expect(page.getByLabel("Summary")).toHaveValue(title);
  await expect(page.getByLabel(/^Duration/)).toHaveValue("14");

  await page.getByLabel("Reason", { exact: true }).fill("Working from the Busan branch\nfor a week");
  await page.getByLabel(/MFA token/).check();
  await page.getByRole("button", { name: "Submit request" }).click();
  await expect(page).toHaveURL(/\/requests\/REQ-\d+$/);
  const number = page.url().split("/").at(-1) ?? "";
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
  await expect(page.getByTestId("value-reason")).toContainText("Working from the Busan branch");
  await expect(page.getByTestId("value-duration_days")).toContainText("14");
  await expect(page.getByTestId("value-needs_mfa_token")).toContainText("Yes");
  const [stored] = await getDb().select().from(tickets).where(eq(tickets.number, number));
  expect(stored.requestFields).toEqual({
    reason: "Working from the Busan branch\nfor a week",
    duration_days: 14,
    needs_mfa_token: true,
  });

  await page.getByRole("textbox", { name: "Reply" }).fill("Can it be ready by Monday?");
  await page.getByRole("button", { name: "Send reply" }).click();
  await expect(page.getByTestId("public-comment").filter({ hasText: "Can it be ready by Monday?" })).toBeVisible();
  await expect(page.getByRole("textbox", { name: "Reply" })).toHaveValue("");

  const agentCtx = { ...ctx, actor: { type: "user" as const, id: agent.id, role: agent.role, label: agent.email } };
  await addComment(agentCtx, { number, body: `Internal: token stock is low ${suffix}`, internal: true });
  await addComment(agentCtx, { number, body: `Your VPN account is ready ${suffix}`, internal: false });
  await page.reload();
  await expect(
    page.getByTestId("public-comment").filter({ hasText: `Your VPN account is ready ${suffix}` }),
  ).toBeVisible();
  await expect(page.getByText(`token stock is low ${suffix}`)).toHaveCount(0);

  await page.goto("/requests");
  await expect(page.getByTestId(`request-${number}`)).toContainText(title);
});
