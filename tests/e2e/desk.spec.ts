import { randomBytes } from "node:crypto";
import { type Browser, expect, type Page, test } from "@playwright/test";
import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { tickets } from "@/db/schema";
import { systemCtx } from "@/lib/context";
import { addComment } from "@/lib/tickets/comment";
import { createTicket } from "@/lib/tickets/create";
import { makeUser, signIn } from "./support";

const marker = () => randomBytes(3).toString("hex");
const XSS = "<img src=x onerror=alert(1)>";

async function signedIn(browser: Browser, role: "agent" | "engineer" | "manager" | "requester" = "agent") {
  const user = await makeUser(role);
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.on("dialog", (dialog) => {
    throw new Error(`unexpected dialog: ${dialog.message()}`);
  });
  await signIn(page, user.email, user.password);
  return { user, page, context };
}

function header(page: Page) {
  return page.getByTestId("ticket-badges");
}

test("an agent sees a new incident arrive in Unassigned, takes it, notes, pends and resolves it; the requester never sees the note", async ({
  browser,
}) => {
  const { user, page, context } = await signedIn(browser, "agent");
  await page.goto("/tickets?view=unassigned");
  const m = marker();
  const ticket = await createTicket(systemCtx(getDb(), "e2e"), {
    type: "incident",
    title: `Payroll batch stalled ${m}`,
    impact: 2,
    urgency: 1,
  });

  // No reload: the queue refreshes itself.
  const row = page.getByTestId(`ticket-${ticket.number}`);
  await expect(row).toBeVisible({ timeout: 20_000 });

  // Keyboard: / focuses search, Escape leaves it, j/k move the highlight, Enter opens the highlighted ticket.
  await page.keyboard.press("/");
  await expect(page.locator("#queue-search")).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(page.locator("#queue-search")).not.toBeFocused();
  const active = page.locator("li[data-active=true] a[data-testid^='ticket-']");
  const count = await page.locator("a[data-testid^='ticket-']").count();
  for (let i = 0; i < count && (await active.getAttribute("data-testid")) !== `ticket-${ticket.number}`; i++) {
    await page.keyboard.press("j");
  }
  await expect(active).toHaveAttribute("data-testid", `ticket-${ticket.number}`);
  if (count > 1) {
    const index = await page
      .locator("a[data-testid^='ticket-']")
      .evaluateAll(
        (links, id) => links.findIndex((a) => a.getAttribute("data-testid") === id),
        `ticket-${ticket.number}`,
      );
    await page.keyboard.press(index > 0 ? "k" : "j");
    await expect(active).not.toHaveAttribute("data-testid", `ticket-${ticket.number}`);
    await page.keyboard.press(index > 0 ? "j" : "k");
    await expect(active).toHaveAttribute("data-testid", `ticket-${ticket.number}`);
  }
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`/tickets/${ticket.number}$`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Payroll batch stalled ${m}`);
  await expect(header(page).getByText("P2", { exact: true })).toBeVisible();

  await page.getByRole("button", { name: "Take it" }).click();
  await expect(header(page).getByText("In progress", { exact: true })).toBeVisible();
  await expect(page.getByRole("definition").filter({ hasText: user.name })).toBeVisible();

  const note = `Checked the batch host, restarting the scheduler ${m}`;
  await page.getByRole("radio", { name: "Internal note" }).click();
  await page.getByPlaceholder(/Only agents see internal notes/).fill(note);
  await page.getByRole("button", { name: "Add note" }).click();
  await expect(page.getByText(note)).toBeVisible();
  const reply = `We are on it ${m}`;
  await page.getByRole("radio", { name: "Reply to requester" }).click();
  await page.getByPlaceholder(/The requester sees this reply/).fill(reply);
  await page.getByRole("button", { name: "Send reply" }).click();
  await expect(page.getByText(reply)).toBeVisible();

  const statusForm = page.getByRole("form", { name: "Status" });
  await statusForm.getByLabel("Change status to").selectOption("pending");
  await statusForm.getByRole("button", { name: "Change status" }).click();
  await expect(statusForm.getByText("Say what the ticket is waiting for")).toBeVisible();
  await statusForm.getByLabel("What is it waiting for?").fill("Vendor to confirm the patch");
  await statusForm.getByRole("button", { name: "Change status" }).click();
  await expect(header(page).getByText("Pending", { exact: true })).toBeVisible();
  await expect(page.getByText("Vendor to confirm the patch").first()).toBeVisible();

  await statusForm.getByLabel("Change status to").selectOption("resolved");
  await statusForm.getByRole("button", { name: "Change status" }).click();
  await expect(statusForm.getByText("Choose a resolution code")).toBeVisible();
  await statusForm.getByLabel("Resolution code").selectOption("fixed");
  await statusForm.getByLabel("Resolution note").fill("Scheduler restarted; batch completed");
  await statusForm.getByRole("button", { name: "Change status" }).click();
  await expect(header(page).getByText("Resolved", { exact: true })).toBeVisible();
  const stored = await getDb().query.tickets.findFirst({ where: eq(tickets.id, ticket.id) });
  expect(stored).toMatchObject({ status: "resolved", resolutionCode: "fixed", assigneeId: user.id });

  // What the requester sees: the public reply, never the internal note.
  await page.getByRole("link", { name: "Requester view" }).click();
  await expect(page).toHaveURL(new RegExp(`/requests/${ticket.number}$`));
  await expect(page.getByText(reply)).toBeVisible();
  await expect(page.getByText(note)).toHaveCount(0);
  await context.close();
});

test("two agents edit one ticket: the second is told what changed, keeps their input, and saves it without undoing the first", async ({
  browser,
}) => {
  const m = marker();
  const ticket = await createTicket(systemCtx(getDb(), "e2e"), {
    type: "service_request",
    title: `Shared mailbox ${m}`,
  });
  const first = await signedIn(browser, "agent");
  const second = await signedIn(browser, "agent");
  for (const { page } of [first, second]) await page.goto(`/tickets/${ticket.number}`);

  const firstForm = first.page.getByRole("form", { name: "Details" });
  await firstForm.getByLabel("Title").fill(`Shared mailbox for finance ${m}`);
  await firstForm.getByRole("button", { name: "Save changes" }).click();
  await expect(firstForm.getByText("Saved.")).toBeVisible();

  const secondForm = second.page.getByRole("form", { name: "Details" });
  const description = `Finance needs send-as rights too ${m}`;
  await secondForm.getByLabel("Description").fill(description);
  await secondForm.getByRole("button", { name: "Save changes" }).click();
  const warning = secondForm.getByRole("alert");
  await expect(warning).toContainText("Someone else changed this ticket");
  await expect(warning).toContainText(first.user.email);
  await expect(warning).toContainText("Title");
  await expect(secondForm.getByLabel("Description")).toHaveValue(description);
  let stored = await getDb().query.tickets.findFirst({ where: eq(tickets.id, ticket.id) });
  expect(stored?.description).toBe("");

  await secondForm.getByRole("button", { name: "Save changes" }).click();
  await expect(secondForm.getByText("Saved.")).toBeVisible();
  stored = await getDb().query.tickets.findFirst({ where: eq(tickets.id, ticket.id) });
  expect(stored).toMatchObject({ title: `Shared mailbox for finance ${m}`, description });
  await first.context.close();
  await second.context.close();
});

test("script in a title and a comment renders as text on every page that shows them", async ({ browser }) => {
  const m = marker();
  const title = `${XSS} printer ${m}`;
  const requester = await makeUser("requester");
  const ctx = systemCtx(getDb(), "e2e");
  const ticket = await createTicket(ctx, {
    type: "service_request",
    title,
    description: XSS,
    requesterId: requester.id,
  });
  await addComment(ctx, { number: ticket.number, body: `${XSS} **bold** [x](javascript:alert(1))`, internal: false });
  const { page, context } = await signedIn(browser, "agent");
  const pages = [
    `/tickets?view=all&q=printer+${m}`,
    `/tickets/${ticket.number}`,
    `/requests/${ticket.number}`,
    "/tickets?view=unassigned",
  ];
  for (const path of pages) {
    await page.goto(path);
    await expect(page.getByText(title).first()).toBeVisible();
    expect(await page.locator("img[src=x]").count(), path).toBe(0);
  }
  await expect(page.locator("a[href^='javascript']")).toHaveCount(0);
  await page.goto("/tickets");
  await page.locator("#queue-search").fill(`printer ${m}`);
  await expect(page.locator("#queue-search-results").getByText(title)).toBeVisible();
  expect(await page.locator("img[src=x]").count()).toBe(0);
  await context.close();

  const manager = await signedIn(browser, "manager");
  await manager.page.goto(`/admin/audit?entityId=${ticket.number}`);
  await expect(manager.page.locator("main")).toContainText(title);
  expect(await manager.page.locator("img[src=x]").count()).toBe(0);
  expect(await manager.page.content()).toContain("&lt;img src=x onerror=alert(1)&gt;");
  await manager.context.close();
});
