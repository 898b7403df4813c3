import { randomBytes } from "node:crypto";
import { devices, expect, type Page, test } from "@playwright/test";
import { and, eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { auditLog, incidentEscalations, tickets } from "@/db/schema";
import { createService } from "@/lib/catalog/services";
import { systemCtx } from "@/lib/context";
import { createIntegration } from "@/lib/integrations/create";
import { createEscalationPolicy, setEscalationPolicyLink } from "@/lib/oncall/policies";
import { formatWallTime, instantToWall } from "@/lib/oncall/rotation";
import { addLayer, createSchedule } from "@/lib/oncall/schedules";
import { TestSmtpServer } from "../support/smtp";
import { makeUser, SHOTS, signIn } from "./support";

const ctx = () => systemCtx(getDb(), "e2e");
const hex = () => randomBytes(3).toString("hex");

// Playwright's iPhone profile asks for WebKit; only Chromium is installed, so it runs the iPhone's viewport,
// touch and user agent in Chromium.
const { defaultBrowserType: _pixelBrowser, ...PIXEL } = devices["Pixel 7"];
const { defaultBrowserType: _iphoneBrowser, ...IPHONE } = devices["iPhone 13"];

const PROFILES = [
  { label: "Pixel 7", device: PIXEL, locale: "en" as const, confirm: /^Acknowledge as /, done: "Acknowledged by you" },
  { label: "iPhone 13", device: IPHONE, locale: "ko" as const, confirm: /님으로 확인\(Ack\)$/, done: "확인했습니다" },
];

let smtp: TestSmtpServer;

test.beforeAll(async () => {
  const port = Number(process.env.E2E_SMTP_PORT);
  expect(port, "E2E_SMTP_PORT: the port the app's SMTP_URL points at (scripts/test.mjs sets both)").toBeGreaterThan(0);
  smtp = await new TestSmtpServer().start(port);
});

test.afterAll(async () => {
  await smtp?.stop();
});

// A service whose policy pages whoever is on call for a weekly schedule that has `userId` on call now.
async function pagingSetup(userId: string, otherId: string) {
  const zone = "Asia/Seoul";
  const schedule = await createSchedule(ctx(), { name: `Primary ${hex()}`, timeZone: zone });
  await addLayer(ctx(), {
    scheduleId: schedule.id,
    name: "Weekly",
    rotationKind: "weekly",
    startsAt: formatWallTime(instantToWall(zone, Date.now() - 3_600_000) - 30 * 60_000),
    members: [userId, otherId],
  });
  const policy = await createEscalationPolicy(ctx(), {
    name: `Phone policy ${hex()}`,
    steps: [{ delayMinutes: 0, targets: [{ kind: "schedule", id: schedule.id }] }],
  });
  const service = await createService(ctx(), { name: `payments-${hex()}`, criticality: "critical" });
  await setEscalationPolicyLink(ctx(), { subjectType: "service", subjectId: service.id, policyId: policy.id });
  const { key } = await createIntegration(ctx(), { kind: "pagerduty", name: `PD ${hex()}`, serviceId: service.id });
  return { key, service };
}

async function ticketBySummary(summary: string) {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const [row] = await getDb().select().from(tickets).where(eq(tickets.title, summary));
    if (row) return row;
    if (Date.now() > deadline) throw new Error(`no incident titled ${summary}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function phoneShot(page: Page, name: string) {
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
  const scrollsSideways = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
  expect(scrollsSideways, `${name} scrolls sideways`).toBe(false);
}

for (const profile of PROFILES) {
  test.describe(`on call from a phone (${profile.label})`, () => {
    test.use({ ...profile.device, locale: profile.locale === "ko" ? "ko-KR" : "en-US" });

    test("a PagerDuty trigger pages the engineer on call by email; the link acknowledges as them", async ({
      page,
      request,
    }) => {
      const engineer = await makeUser("engineer", { locale: profile.locale, name: `On-call ${hex()}` });
      const backup = await makeUser("engineer", { locale: profile.locale });
      const { key } = await pagingSetup(engineer.id, backup.id);
      const summary = `Checkout API 5xx above 5% ${hex()}`;

      const sent = await request.post("/v2/enqueue", {
        data: {
          routing_key: key,
          event_action: "trigger",
          dedup_key: `checkout-${hex()}`,
          payload: { summary, source: "api-gw-01", severity: "critical" },
        },
      });
      expect(sent.status()).toBe(202);

      const mail = await smtp.waitForMail((m) => m.envelopeTo.includes(engineer.email), 20_000);
      const incident = await ticketBySummary(summary);
      expect(mail.subject).toContain(incident.number);
      const ackUrl = /(https?:\/\/\S+\/a\/[A-Za-z0-9._-]+)/.exec(mail.text ?? "")?.[1];
      expect(ackUrl, "the email's text carries the acknowledge link").toBeTruthy();

      // Opening the link (as a mail scanner would) shows the incident and one button, and changes nothing.
      await page.goto(new URL(ackUrl as string).pathname);
      await expect(page.getByText(incident.number).first()).toBeVisible();
      const confirm = page.getByRole("button", { name: profile.confirm });
      await expect(confirm).toBeVisible();
      expect((await getDb().select().from(tickets).where(eq(tickets.id, incident.id)))[0].status).toBe("new");
      await phoneShot(page, `oncall-phone-confirm-${profile.locale}-${profile.label.replace(" ", "")}`);

      await confirm.tap();
      await expect(page.getByText(profile.done).first()).toBeVisible();
      const [after] = await getDb().select().from(tickets).where(eq(tickets.id, incident.id));
      expect(after.status).toBe("acknowledged");
      expect(after.assigneeId).toBe(engineer.id);
      const [escalation] = await getDb()
        .select()
        .from(incidentEscalations)
        .where(eq(incidentEscalations.ticketId, incident.id));
      expect(escalation.state).toBe("acknowledged");
      expect(escalation.acknowledgedById).toBe(engineer.id);
      const used = await getDb()
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, "action_link.used"), eq(auditLog.actorId, engineer.id)));
      expect(used).toHaveLength(1);

      // Signed in, the phone incident page says who acknowledged it.
      await signIn(page, engineer.email, engineer.password);
      await page.goto(`/oncall/${incident.number}`);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(summary);
      await expect(page.getByTestId("escalation-state")).toContainText(engineer.name);
      await expect(page.getByTestId("ack")).toHaveCount(0);
      await phoneShot(page, `oncall-phone-incident-${profile.locale}-${profile.label.replace(" ", "")}`);
      await page.goto("/oncall");
      await expect(page.getByTestId(`incident-${incident.number}`)).toBeVisible();
      await expect(page.getByTestId("oncall-status")).toBeVisible();
      await phoneShot(page, `oncall-phone-mine-${profile.locale}-${profile.label.replace(" ", "")}`);
    });
  });
}

test.describe("the phone incident page", () => {
  test.use({ ...PIXEL, locale: "en-US" });

  test("acknowledges from My incidents, then resolves with a code and a note", async ({ page }) => {
    const engineer = await makeUser("engineer", { locale: "en" });
    const backup = await makeUser("engineer", { locale: "en" });
    const { key } = await pagingSetup(engineer.id, backup.id);
    const summary = `Disk 95% on db-${hex()}`;
    const sent = await page.request.post("/v2/enqueue", {
      data: {
        routing_key: key,
        event_action: "trigger",
        dedup_key: `disk-${hex()}`,
        payload: { summary, source: "db-01", severity: "error" },
      },
    });
    expect(sent.status()).toBe(202);
    const incident = await ticketBySummary(summary);
    await signIn(page, engineer.email, engineer.password);
    await page.goto("/oncall");
    const card = page.getByTestId(`incident-${incident.number}`);
    await expect(card).toBeVisible({ timeout: 20_000 });
    await card.getByTestId("ack").tap();
    await expect(page.getByTestId(`incident-${incident.number}`).getByTestId("ack")).toHaveCount(0);
    await page.getByTestId(`incident-${incident.number}`).getByRole("link").tap();
    await expect(page).toHaveURL(new RegExp(`/oncall/${incident.number}$`));
    await page.getByRole("textbox", { name: "Add a note" }).fill("Cleared old WAL segments");
    await page.getByRole("button", { name: "Save note" }).tap();
    await expect(page.getByText("Note added")).toBeVisible();
    await page.getByTestId("resolve").tap();
    await page.getByLabel("How was it resolved?").selectOption("workaround");
    await page.getByLabel("Resolution note").fill("Freed space; a bigger volume is on order");
    await page.getByTestId("resolve-confirm").tap();
    await expect(page.getByTestId("phone-actions")).toHaveCount(0);
    const [after] = await getDb().select().from(tickets).where(eq(tickets.id, incident.id));
    expect(after.status).toBe("resolved");
    expect(after.resolutionCode).toBe("workaround");
    expect(after.resolutionNote).toBe("Freed space; a bigger volume is on order");
  });
});
