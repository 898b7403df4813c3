import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { and, eq, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { actionLinks, auditLog, type LinkAction, tickets } from "@/db/schema";
import { createService } from "@/lib/catalog/services";
import { systemCtx } from "@/lib/context";
import { createActionLink } from "@/lib/notify/links";
import { acknowledgeIncident } from "@/lib/oncall/acknowledge";
import { makeUser, shoot } from "./support";

const ctx = () => systemCtx(getDb(), "e2e");

const CASES = [
  {
    locale: "en",
    acceptLanguage: "en-US,en;q=0.9",
    name: "Jamie Oncall",
    confirm: (n: string) => `Acknowledge ${n}?`,
    button: "Acknowledge as Jamie Oncall",
    resolveButton: "Resolve as Jamie Oncall",
    done: "Acknowledged by you",
    resolved: "Resolved by you",
    used: "This link has already been used",
    expired: "This link has expired",
    invalid: "This link is not valid",
    already: (who: string, n: string) => `${who} already acknowledged ${n}`,
    refused: "This link can't be used",
  },
  {
    locale: "ko",
    acceptLanguage: "ko-KR,ko;q=0.9",
    name: "김당번",
    confirm: (n: string) => `${n} 인시던트를 확인(Ack)할까요?`,
    button: "김당번 님으로 확인(Ack)",
    resolveButton: "김당번 님으로 해결",
    done: "확인했습니다",
    resolved: "해결했습니다",
    used: "이미 사용한 링크입니다",
    expired: "만료된 링크입니다",
    invalid: "올바르지 않은 링크입니다",
    already: (who: string, n: string) => `${who} 님이 이미 ${n} 인시던트를 확인했습니다`,
    refused: "이 링크는 쓸 수 없습니다",
  },
] as const;

async function incident(title: string) {
  const service = await createService(ctx(), {
    name: `checkout-${randomBytes(3).toString("hex")}`,
    criticality: "high",
  });
  const [row] = await getDb()
    .insert(tickets)
    .values({
      number: sql`'INC-' || lpad(nextval('incident_number_seq')::text, 6, '0')`,
      type: "incident",
      title,
      priority: "P1",
      impact: 1,
      urgency: 1,
      serviceId: service.id,
    })
    .returning();
  return row;
}

async function link(userId: string, ticketId: string, action: LinkAction = "acknowledge", now?: Date) {
  return createActionLink(getDb(), { userId, ticketId, action }, now);
}

const linkRow = async (token: string) =>
  (
    await getDb()
      .select()
      .from(actionLinks)
      .where(eq(actionLinks.id, token.split(".")[0]))
  )[0];
const ticketRow = async (id: string) => (await getDb().select().from(tickets).where(eq(tickets.id, id)))[0];

for (const c of CASES) {
  test.describe(`one-tap links (${c.locale})`, () => {
    test.use({
      viewport: { width: 360, height: 740 },
      isMobile: true,
      hasTouch: true,
      locale: c.locale === "ko" ? "ko-KR" : "en-US",
      extraHTTPHeaders: { "Accept-Language": c.acceptLanguage },
    });

    test("confirm page, then done; opening the link changes nothing until the button is pressed", async ({ page }) => {
      const user = await makeUser("engineer", { locale: c.locale, name: c.name });
      const ticket = await incident(c.locale === "ko" ? "db-01 디스크 가득 참" : "Disk full on db-01");
      const token = await link(user.id, ticket.id);

      const response = await page.goto(`/a/${token}`);
      expect(response?.status()).toBe(200);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(c.confirm(ticket.number));
      await expect(page.getByText(ticket.title)).toBeVisible();
      // A link scanner's GETs (and a reload) change nothing.
      await page.reload();
      expect((await page.request.get(`/a/${token}`)).status()).toBe(200);
      expect((await linkRow(token)).usedAt).toBeNull();
      expect((await ticketRow(ticket.id)).status).toBe("new");
      await shoot(page, "one-tap-confirm", c.locale);

      await page.setViewportSize({ width: 360, height: 740 });
      await page.getByRole("button", { name: c.button }).click();
      await expect(page).toHaveURL(new RegExp(`/a/${token.replace(".", "\\.")}/done$`));
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(c.done);
      expect(await ticketRow(ticket.id)).toMatchObject({ status: "acknowledged", assigneeId: user.id });
      const audits = await getDb()
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.entityId, (await linkRow(token)).id), eq(auditLog.action, "action_link.used")));
      expect(audits).toHaveLength(1);
      expect(audits[0].actorId).toBe(user.id);
      await shoot(page, "one-tap-done", c.locale);

      // The same link again: used.
      await page.goto(`/a/${token}`);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(c.used);
      await expect(page.getByRole("button")).toHaveCount(0);
      await shoot(page, "one-tap-used", c.locale);
    });

    test("a resolve link resolves as its user", async ({ page }) => {
      const user = await makeUser("engineer", { locale: c.locale, name: c.name });
      const ticket = await incident("Queue backlog");
      const token = await link(user.id, ticket.id, "resolve");
      await page.goto(`/a/${token}`);
      await page.getByRole("button", { name: c.resolveButton }).click();
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(c.resolved);
      expect((await ticketRow(ticket.id)).status).toBe("resolved");
    });

    test("expired, tampered and refused links get a clear page and no button", async ({ page }) => {
      const user = await makeUser("engineer", { locale: c.locale, name: c.name });
      const ticket = await incident("Certificate expires soon");
      const expired = await link(user.id, ticket.id, "acknowledge", new Date(Date.now() - 25 * 3_600_000));
      await page.goto(`/a/${expired}`);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(c.expired);
      await expect(page.getByRole("button")).toHaveCount(0);
      await shoot(page, "one-tap-expired", c.locale);

      const good = await link(user.id, ticket.id);
      const tampered = `${good.slice(0, -3)}${good.endsWith("AAA") ? "BBB" : "AAA"}`;
      const response = await page.goto(`/a/${tampered}`);
      expect(response?.status()).toBe(404);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(c.invalid);
      await expect(page.getByText(/Error|TypeError|at .*\.js/)).toHaveCount(0);
      await shoot(page, "one-tap-invalid", c.locale);
      expect((await page.goto("/a/not-a-token"))?.status()).toBe(404);

      const requester = await makeUser("requester", { locale: c.locale, name: c.name });
      await page.goto(`/a/${await link(requester.id, ticket.id)}`);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(c.refused);
      await expect(page.getByRole("button")).toHaveCount(0);
      expect((await ticketRow(ticket.id)).status).toBe("new");
    });

    test("someone else acknowledged first: the page says who", async ({ page }) => {
      const user = await makeUser("engineer", { locale: c.locale, name: c.name });
      const other = await makeUser("engineer", {
        locale: c.locale,
        name: c.locale === "ko" ? "박선수" : "Robin First",
      });
      const ticket = await incident("API 5xx rate high");
      const token = await link(user.id, ticket.id);
      await page.goto(`/a/${token}`);
      await acknowledgeIncident(
        { actor: { type: "user", id: other.id, role: other.role, label: other.email }, db: getDb() },
        { number: ticket.number },
      );
      await page.getByRole("button", { name: c.button }).click();
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(c.already(other.name, ticket.number));
      expect((await linkRow(token)).usedAt).not.toBeNull();
      await shoot(page, "one-tap-already", c.locale);
    });
  });
}
