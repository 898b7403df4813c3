import { mkdirSync } from "node:fs";
import path from "node:path";
import { type Browser, expect, test } from "@playwright/test";
import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { tickets } from "@/db/schema";
import { systemCtx } from "@/lib/context";
import { refreshSlaClocks } from "@/lib/sla/refresh";
import { createTicket } from "@/lib/tickets/create";
import { ALWAYS, createTestTeam, insertCalendar, insertPolicy } from "@/tests/factories";
import { makeUser, signIn } from "./support";

const SHOTS = path.join(process.cwd(), ".data/test-results/screenshots");
const TARGET = { response: 60, resolution: 480 };

// A ticket of a team with a 24×7 policy, opened this many minutes ago, its clocks derived as of now.
async function ticketOpenedAgo(teamId: string, minutes: number, title: string) {
  const ticket = await createTicket(systemCtx(getDb(), "e2e"), { type: "incident", title, teamId });
  await getDb()
    .update(tickets)
    .set({ createdAt: new Date(Date.now() - minutes * 60_000) })
    .where(eq(tickets.id, ticket.id));
  await refreshSlaClocks(getDb(), [ticket.id]);
  return ticket;
}

async function signedIn(browser: Browser, locale: "en" | "ko", viewport = { width: 1280, height: 800 }) {
  const user = await makeUser("agent", { locale });
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  await signIn(page, user.email, user.password);
  return { page, context };
}

test("an agent sees SLA badges in the queue, Breaching soon and Breached views, and both clocks on the ticket page", async ({
  browser,
}) => {
  const team = await createTestTeam();
  const calendar = await insertCalendar({ hours: ALWAYS });
  const policy = await insertPolicy(calendar, team.id, { P1: TARGET, P2: TARGET, P3: TARGET, P4: TARGET, P5: TARGET });
  // 50 of 60 minutes used: past the 75 % warning, ten minutes left. 70 minutes: ten minutes over.
  const soon = await ticketOpenedAgo(team.id, 50, "Mail relay queue growing");
  const late = await ticketOpenedAgo(team.id, 70, "VPN gateway flapping");
  const fresh = await ticketOpenedAgo(team.id, 5, "Printer offline on 3F");

  const { page, context } = await signedIn(browser, "en");
  await page.goto(`/tickets?view=open&teamId=${team.id}`);
  const badge = (number: string, on = page) => on.getByTestId(`ticket-${number}`).locator("[data-sla]");
  await expect(badge(soon.number)).toHaveAttribute("data-sla", "warning");
  await expect(badge(soon.number)).toHaveText(/^Response (9|10)m left$/);
  await expect(badge(late.number)).toHaveAttribute("data-sla", "breached");
  await expect(badge(late.number)).toHaveText(/^Response (10|11)m over$/);
  await expect(badge(fresh.number)).toHaveAttribute("data-sla", "running");

  await page.getByRole("navigation", { name: "Queues" }).getByRole("link", { name: "Breaching soon" }).click();
  await expect(page).toHaveURL(/view=breaching/);
  await page.goto(`/tickets?view=breaching&teamId=${team.id}`);
  await expect(page.getByTestId("queue").locator("a[data-testid^='ticket-']")).toHaveCount(1);
  await expect(badge(soon.number)).toBeVisible();

  await page.goto(`/tickets?view=breached&teamId=${team.id}`);
  await expect(page.getByTestId("queue").locator("a[data-testid^='ticket-']")).toHaveCount(1);
  await expect(badge(late.number)).toHaveAttribute("data-sla", "breached");

  await page.goto(`/tickets/${soon.number}`);
  const card = page.getByTestId("sla-card");
  await expect(card).toContainText(`Policy: ${policy.name}`);
  const response = card.getByTestId("sla-response");
  await expect(response).toHaveAttribute("data-sla", "warning");
  await expect(response).toContainText("Breaching soon");
  await expect(response).toContainText(/(9|10)m left/);
  await expect(response.getByRole("meter")).toHaveAttribute("aria-valuenow", /^8[34]$/);
  await expect(card.getByTestId("sla-resolution")).toHaveAttribute("data-sla", "running");
  await expect(card.getByTestId("sla-resolution")).toContainText(/7h (9|10)m left/);
  // The workers mark the warning; the page shows it on the timeline when it next refreshes.
  await expect(page.getByTestId("activity-sla_mark")).toContainText("Response SLA is close to breaching", {
    timeout: 25_000,
  });

  await page.goto(`/tickets/${late.number}`);
  await expect(card.getByTestId("sla-response")).toHaveAttribute("data-sla", "breached");
  await expect(card.getByTestId("sla-response")).toContainText(/(10|11)m over/);
  await context.close();

  mkdirSync(SHOTS, { recursive: true });
  for (const locale of ["ko", "en"] as const) {
    for (const viewport of [
      { width: 360, height: 640 },
      { width: 1280, height: 800 },
    ]) {
      const { page, context } = await signedIn(browser, locale, viewport);
      await page.goto(`/tickets?view=open&teamId=${team.id}`);
      await expect(badge(soon.number, page)).toBeVisible();
      if (locale === "ko") await expect(badge(soon.number, page)).toHaveText(/^응답 (9|10)분 남음$/);
      const { scrollWidth, innerWidth } = await page.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth,
        innerWidth: window.innerWidth,
      }));
      expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
      await page.screenshot({ path: path.join(SHOTS, `${locale}-${viewport.width}-sla-queue.png`), fullPage: true });
      await page.goto(`/tickets/${soon.number}`);
      await expect(page.getByTestId("sla-card")).toBeVisible();
      await page.screenshot({ path: path.join(SHOTS, `${locale}-${viewport.width}-sla-ticket.png`), fullPage: true });
      await context.close();
    }
  }
});
