import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { getDb } from "@/db/client";
import type { Ticket, TicketStatus } from "@/db/schema";
import { refreshSlaClocks } from "@/lib/sla/refresh";
import {
  ALWAYS,
  createTestTeam,
  insertCalendar,
  insertIncident,
  insertPolicy,
  insertStatusHistory,
} from "@/tests/factories";
import { makeToken, makeUser, SHOTS, shoot, signIn } from "./support";

const kst = (local: string) => new Date(`${local}+09:00`);

const history = (ticket: Ticket, changes: [string, TicketStatus][]) =>
  insertStatusHistory(
    ticket.id,
    changes.map(([at, to]) => [kst(at), to]),
  );

// Three P2 incidents on a 24×7 calendar: responses in 10, 40 and 20 minutes against a 30-minute target.
async function fixture() {
  const team = await createTestTeam({ name: `Report team ${Date.now()}` });
  const calendar = await insertCalendar({ hours: ALWAYS });
  await insertPolicy(calendar, team.id, { P2: { response: 30, resolution: 240 } });
  const made: Ticket[] = [];
  for (const [day, ack, resolved, title] of [
    ["2026-10-05", "10:10", "11:00", 'VPN drops, every "10 minutes"'],
    ["2026-10-06", "10:40", "12:50", "=SUM(A1) mail queue"],
    ["2026-10-13", "10:20", "13:00", "Printer offline"],
  ] as const) {
    const ticket = await insertIncident({ teamId: team.id, priority: "P2", title, createdAt: kst(`${day}T10:00:00`) });
    await history(ticket, [
      [`${day}T${ack}:00`, "in_progress"],
      [`${day}T${resolved}:00`, "resolved"],
    ]);
    made.push(ticket);
  }
  const open = await insertIncident({ teamId: team.id, priority: "P2", createdAt: kst("2026-10-14T09:00:00") });
  made.push(open);
  await refreshSlaClocks(
    getDb(),
    made.map((t) => t.id),
  );
  return { team, tickets: made };
}

test("a manager reads the SLA report: charts, CSV download and the same figure from the JSON API", async ({ page }) => {
  const { team, tickets: made } = await fixture();
  const manager = await makeUser("manager");
  await signIn(page, manager.email, manager.password);
  await page.getByRole("navigation").first().getByRole("link", { name: "SLA report", exact: true }).click();
  await expect(page).toHaveURL(/\/reports\/sla$/);
  await expect(page.getByRole("heading", { name: "SLA report", level: 1 })).toBeVisible();

  const query = `from=2026-10-05&to=2026-10-18&groupBy=team&teamId=${team.id}`;
  await page.goto(`/reports/sla?${query}`);
  // Responses 10 and 20 minutes met, 40 minutes and the still-open one breached: 2 of 4.
  const response = page.getByRole("region", { name: "Response compliance" });
  await expect(response).toContainText("50.0%");
  await expect(response).toContainText("2 of 4 met");
  await expect(page.getByRole("region", { name: "Resolution compliance" })).toContainText("75.0%");
  // MTTA (10 + 40 + 20) / 3 = 23 min 20 s
  await expect(page.getByRole("region", { name: "MTTA" })).toContainText("23 min");

  await expect(page.locator('svg[data-chart="bars"] rect[data-bar]').first()).toBeVisible();
  expect(await page.locator('svg[data-chart="bars"] rect[data-bar]').count()).toBe(2);
  expect(await page.locator('svg[data-chart="lines"] circle[data-point]').count()).toBeGreaterThanOrEqual(4);
  await expect(page.locator('svg[data-chart="lines"]').first()).toHaveAttribute(
    "aria-label",
    /W41 Response 50\.0%, Resolution 100\.0%/,
  );
  await expect(page.locator('[data-chart="stacked"] rect[data-bar]')).toHaveCount(1);

  const breached = page.getByRole("table", { name: "Breached tickets" });
  await expect(breached.getByRole("link", { name: made[1].number })).toHaveAttribute(
    "href",
    `/tickets/${made[1].number}`,
  );

  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Download groups as CSV" }).click(),
  ]);
  expect(download.suggestedFilename()).toBe("sla-groups-by-team-2026-10-05-to-2026-10-18.csv");
  const csv = readFileSync(await download.path(), "utf8");
  expect(csv.charCodeAt(0)).toBe(0xfeff);
  const [header, row] = csv.slice(1).split("\r\n");
  expect(header).toMatch(
    /^Team,Tickets,Response met,Response breached,Response in progress,Response compliance \(%\),/,
  );
  expect(row.split(",").slice(0, 6)).toEqual([team.name, "4", "2", "2", "0", "50"]);

  const [breachedCsv] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Download breached tickets as CSV" }).click(),
  ]);
  const breachedText = readFileSync(await breachedCsv.path(), "utf8");
  expect(breachedText).toContain(`\r\n${made[1].number},'=SUM(A1) mail queue,P2,${team.name},Response,Stopped,`);

  const token = await makeToken(manager.id);
  const api = await page.request.get(`/api/v1/reports/sla?${query}`, { headers: { Authorization: `Bearer ${token}` } });
  expect(api.status()).toBe(200);
  const { data } = await api.json();
  const shown = (await response.locator("p").first().textContent())?.replace("%", "");
  expect(data.summary.response.compliance).toBe(Number(shown));
  expect(data.summary.tickets).toBe(4);

  await shoot(page, "reports-sla");
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.emulateMedia({ media: "print" });
  await expect(page.getByRole("button", { name: "Print" })).toBeHidden();
  await expect(page.getByRole("form", { name: "Report filters" })).toBeHidden();
  await expect(page.locator('svg[data-chart="bars"]').first()).toBeVisible();
  await page.screenshot({ path: path.join(SHOTS, "en-print-reports-sla.png"), fullPage: true });
  await page.emulateMedia({ media: "screen" });

  await page.goto(`/reports/sla?from=2026-10-19&to=2026-10-18&groupBy=team&teamId=${team.id}`);
  await expect(page.locator("p[role=alert]")).toHaveText(
    "The start date (2026-10-19) is after the end date (2026-10-18). Choose a start on or before the end.",
  );
});

test("the SLA report in Korean, and refused to an agent", async ({ browser }) => {
  const { team } = await fixture();
  const manager = await makeUser("manager", { locale: "ko" });
  const context = await browser.newContext({ locale: "ko-KR" });
  const page = await context.newPage();
  await signIn(page, manager.email, manager.password);
  await page.goto(`/reports/sla?from=2026-10-05&to=2026-10-18&groupBy=priority&teamId=${team.id}`);
  await expect(page.getByRole("region", { name: "응답 준수율" })).toContainText("50.0%");
  await expect(page.getByRole("table", { name: "우선순위별" })).toContainText("P2");
  await shoot(page, "reports-sla", "ko");
  await context.close();

  const agent = await makeUser("agent");
  const agentPage = await browser.newPage();
  await signIn(agentPage, agent.email, agent.password);
  await agentPage.goto("/reports/sla");
  await expect(agentPage.getByText("403")).toBeVisible();
  const csv = await agentPage.request.get("/reports/sla/csv?table=groups&from=2026-10-05&to=2026-10-18&groupBy=team");
  expect(csv.status()).toBe(403);
  await agentPage.close();
});
