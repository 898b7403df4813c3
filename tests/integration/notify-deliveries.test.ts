import { createHmac } from "node:crypto";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { pushSubscriptions, ticketActivities, tickets } from "@/db/schema";
import { env } from "@/lib/env";
import { deliverNotification, retryDelayMs } from "@/lib/notify/deliver";
import { closeEmail } from "@/lib/notify/email";
import { confirmActionLink, viewActionLink } from "@/lib/notify/one-tap";
import { vapidPublicKey } from "@/lib/notify/push";
import { subscribePush } from "@/lib/notify/subscriptions";
import { isPermanentWebhookStatus } from "@/lib/notify/webhook";
import { createWebhook } from "@/lib/notify/webhooks";
import { acknowledgeIncident } from "@/lib/oncall/acknowledge";
import { updateTicket } from "@/lib/tickets/update";
import {
  createTestService,
  createTestUser,
  ctxFor,
  insertIncident,
  pageForTest,
  readDelivery,
  setTestRules,
} from "@/tests/factories";
import { startPushEndpoint, type TestPushEndpoint } from "@/tests/support/push-endpoint";
import { startSmtp, type TestSmtpServer } from "@/tests/support/smtp";

// env() is read once per process: the SMTP server and the VAPID key directory must exist before anything reads it.
const smtp: TestSmtpServer = await startSmtp();
const dataDir = mkdtempSync(path.join(tmpdir(), "wd-notify-"));
process.env.SMTP_URL = smtp.url;
process.env.WATCHDESK_DATA_DIR = dataDir;
process.env.NOTIFY_MAX_ATTEMPTS = "4";
let push: TestPushEndpoint;

beforeAll(async () => {
  push = await startPushEndpoint();
});

afterAll(async () => {
  await closeEmail();
  await smtp.stop();
  await push.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const APP = env().APP_URL.replace(/\/$/, "");
const LINK = new RegExp(`${APP.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}/a/([A-Za-z0-9_.-]+)`, "g");
const linksIn = (text: string) => [...text.matchAll(LINK)].map((m) => m[1]);

async function engineer(options: { locale?: "en" | "ko" } = {}) {
  const { user } = await createTestUser({ role: "engineer", locale: options.locale ?? "en", timezone: "Asia/Seoul" });
  return user;
}

describe("email deliveries", () => {
  it("arrive at the SMTP server in the recipient's language, with one-tap links that work", async () => {
    const user = await engineer();
    await setTestRules(user.id, [{ channel: "email" }]);
    const service = await createTestService({ name: `db-${Date.now()}` });
    const ticket = await insertIncident({ title: "Disk full on <db-01> & co", priority: "P1", serviceId: service.id });
    const [delivery] = await pageForTest({ ticketId: ticket.id, userIds: [user.id] });
    expect(delivery).toMatchObject({ channel: "email", target: user.email, status: "pending" });

    const result = await deliverNotification(getDb(), delivery.id);
    expect(result).toEqual({ outcome: "sent", attempts: 1 });
    const mail = await smtp.waitForMail((m) => m.envelopeTo.includes(user.email));
    expect(mail.subject).toBe(`[P1] ${ticket.number} Disk full on <db-01> & co — acknowledge?`);
    expect(mail.text).toContain(service.name);
    expect(mail.text).toContain(`${APP}/oncall/${ticket.number}`);
    expect(mail.html).toContain("Disk full on &lt;db-01&gt; &amp; co");
    expect(mail.html).not.toContain("<db-01>");
    const [ackToken, resolveToken] = linksIn(mail.text ?? "");
    expect(ackToken).toBeTruthy();
    expect(resolveToken).toBeTruthy();
    expect(mail.html).toContain(`/a/${ackToken}`);

    const row = await readDelivery(delivery.id);
    expect(row).toMatchObject({ status: "sent", attempts: 1, lastError: null, nextAttemptAt: null });
    expect(row.sentAt).toBeInstanceOf(Date);

    const view = await viewActionLink(getDb(), ackToken);
    expect(view).toMatchObject({ state: "ready", link: { action: "acknowledge" }, user: { id: user.id } });
    expect(await confirmActionLink(getDb(), ackToken)).toEqual({
      outcome: "done",
      number: ticket.number,
      action: "acknowledge",
    });
    const [after] = await getDb().select().from(tickets).where(eq(tickets.id, ticket.id));
    expect(after.status).toBe("acknowledged");
    expect(after.assigneeId).toBe(user.id);
  });

  it("speak Korean to a Korean-speaking engineer", async () => {
    const user = await engineer({ locale: "ko" });
    await setTestRules(user.id, [{ channel: "email" }]);
    const ticket = await insertIncident({ title: "디스크 가득 참", priority: "P2" });
    const [delivery] = await pageForTest({ ticketId: ticket.id, userIds: [user.id] });
    await deliverNotification(getDb(), delivery.id);
    const mail = await smtp.waitForMail((m) => m.envelopeTo.includes(user.email));
    expect(mail.subject).toBe(`[P2] ${ticket.number} 디스크 가득 참 — 확인해 주세요`);
    expect(mail.text).toContain("확인(Ack)");
    expect(mail.text).toContain("해결");
  });

  it("retry with backoff while the SMTP server is down, then go through when it is back", async () => {
    const user = await engineer();
    await setTestRules(user.id, [{ channel: "email" }]);
    const ticket = await insertIncident({ priority: "P3" });
    const [delivery] = await pageForTest({ ticketId: ticket.id, userIds: [user.id] });
    const port = smtp.port;
    await smtp.stop();
    try {
      let now = new Date();
      const first = await deliverNotification(getDb(), delivery.id, now);
      expect(first).toMatchObject({ outcome: "retry", attempts: 1 });
      let row = await readDelivery(delivery.id);
      expect(row.status).toBe("pending");
      expect(row.attempts).toBe(1);
      expect(row.lastError).toMatch(new RegExp(`^SMTP 127\\.0\\.0\\.1:${port}: .*ECONNREFUSED`));
      const gap1 = (row.nextAttemptAt?.getTime() ?? 0) - now.getTime();
      expect(gap1).toBeGreaterThanOrEqual(5_000);
      expect(gap1).toBeLessThan(7_000);
      // Not yet due: nothing happens.
      expect(await deliverNotification(getDb(), delivery.id, now)).toMatchObject({ outcome: "not_due" });
      expect((await readDelivery(delivery.id)).attempts).toBe(1);

      now = row.nextAttemptAt as Date;
      expect(await deliverNotification(getDb(), delivery.id, now)).toMatchObject({ outcome: "retry", attempts: 2 });
      row = await readDelivery(delivery.id);
      const gap2 = (row.nextAttemptAt?.getTime() ?? 0) - now.getTime();
      expect(gap2).toBeGreaterThanOrEqual(10_000);
      expect(gap2).toBeLessThan(12_000);

      await smtp.start(port);
      now = row.nextAttemptAt as Date;
      expect(await deliverNotification(getDb(), delivery.id, now)).toEqual({ outcome: "sent", attempts: 3 });
      row = await readDelivery(delivery.id);
      expect(row).toMatchObject({ status: "sent", attempts: 3, lastError: null });
      await smtp.waitForMail((m) => m.envelopeTo.includes(user.email));
    } finally {
      if (!smtp.port || smtp.port !== port) await smtp.start(port).catch(() => {});
    }
  });

  it("give up after NOTIFY_MAX_ATTEMPTS with an internal timeline entry", async () => {
    const user = await engineer();
    await setTestRules(user.id, [{ channel: "email" }]);
    const ticket = await insertIncident({ priority: "P3" });
    const [delivery] = await pageForTest({ ticketId: ticket.id, userIds: [user.id] });
    const port = smtp.port;
    await smtp.stop();
    try {
      let now = new Date();
      const outcomes: string[] = [];
      for (let i = 0; i < 4; i++) {
        const result = await deliverNotification(getDb(), delivery.id, now);
        outcomes.push(result.outcome);
        const row = await readDelivery(delivery.id);
        now = row.nextAttemptAt ?? now;
      }
      expect(outcomes).toEqual(["retry", "retry", "retry", "failed"]);
      const row = await readDelivery(delivery.id);
      expect(row).toMatchObject({ status: "failed", attempts: 4, nextAttemptAt: null });
      expect(await deliverNotification(getDb(), delivery.id, new Date(now.getTime() + 3_600_000))).toEqual({
        outcome: "not_pending",
        status: "failed",
      });
      const entries = await getDb()
        .select()
        .from(ticketActivities)
        .where(and(eq(ticketActivities.ticketId, ticket.id), eq(ticketActivities.kind, "notification")));
      const failed = entries.filter((e) => (e.data as { event?: string }).event === "delivery_failed");
      expect(failed).toHaveLength(1);
      expect(failed[0]).toMatchObject({ visibility: "internal", actorType: "system" });
      expect(failed[0].data).toMatchObject({
        event: "delivery_failed",
        channel: "email",
        userId: user.id,
        attempts: 4,
        error: expect.stringMatching(/^SMTP 127\.0\.0\.1:\d+: .*ECONNREFUSED/),
      });
      expect((failed[0].data as { target: string }).target).not.toBe(user.email);
    } finally {
      await smtp.start(port);
    }
  });

  it("is sent once when two workers process it at the same moment", async () => {
    const user = await engineer();
    await setTestRules(user.id, [{ channel: "email" }]);
    const ticket = await insertIncident({ priority: "P2" });
    const [delivery] = await pageForTest({ ticketId: ticket.id, userIds: [user.id] });
    const results = await Promise.all(Array.from({ length: 4 }, () => deliverNotification(getDb(), delivery.id)));
    expect(results.filter((r) => r.outcome === "sent")).toHaveLength(1);
    await smtp.waitForMail((m) => m.envelopeTo.includes(user.email));
    // A late duplicate job finds it sent.
    expect(await deliverNotification(getDb(), delivery.id)).toEqual({ outcome: "not_pending", status: "sent" });
    expect(smtp.messages.filter((m) => m.envelopeTo.includes(user.email))).toHaveLength(1);
  });
});

describe("skipped deliveries", () => {
  it("a delayed page is skipped when the incident was acknowledged before it came due", async () => {
    const user = await engineer();
    const other = await engineer();
    await setTestRules(user.id, [{ channel: "email", delayMinutes: 5 }]);
    const ticket = await insertIncident({ priority: "P3" });
    const pagedAt = new Date();
    const [delivery] = await pageForTest({ ticketId: ticket.id, userIds: [user.id], now: pagedAt });
    expect(delivery.dueAt.getTime()).toBe(pagedAt.getTime() + 5 * 60_000);
    expect(await deliverNotification(getDb(), delivery.id, pagedAt)).toMatchObject({ outcome: "not_due" });
    await acknowledgeIncident(ctxFor(other), { number: ticket.number });
    const result = await deliverNotification(getDb(), delivery.id, delivery.dueAt);
    expect(result.outcome).toBe("skipped");
    const row = await readDelivery(delivery.id);
    expect(row.status).toBe("skipped");
    expect(row.lastError).toMatch(/acknowledged before this delayed notification was due/);
    expect(smtp.messages.some((m) => m.envelopeTo.includes(user.email))).toBe(false);
  });

  it("a delayed re-page after an ack timeout is skipped once the incident is acknowledged again", async () => {
    const { createTestPolicy, linkTestPolicy, userTarget } = await import("@/tests/factories/escalation");
    const { createTicket } = await import("@/lib/tickets/create");
    const { runDueEscalations } = await import("@/lib/oncall/escalation");
    const { incidentEscalations, notificationDeliveries } = await import("@/db/schema");
    const user = await engineer();
    const { user: agent } = await createTestUser({ role: "agent" });
    await setTestRules(user.id, [{ channel: "email", delayMinutes: 5 }]);
    const policy = await createTestPolicy([{ targets: [userTarget(user.id)] }], { ackTimeoutMinutes: 10 });
    const service = await createTestService();
    await linkTestPolicy("service", service.id, policy.id);
    const ticket = await createTicket(ctxFor(agent), { type: "incident", title: "Queue stuck", serviceId: service.id });
    const nextAt = async () =>
      (await getDb().select().from(incidentEscalations).where(eq(incidentEscalations.ticketId, ticket.id)))[0]
        .nextAt as Date;
    await runDueEscalations(getDb(), await nextAt(), { ticketId: ticket.id });
    await acknowledgeIncident(ctxFor(user), { number: ticket.number });
    // The ack timeout falls due now, so the re-page and the second acknowledgement keep their real order.
    await getDb()
      .update(incidentEscalations)
      .set({ nextAt: new Date(Date.now() - 1) })
      .where(eq(incidentEscalations.ticketId, ticket.id));
    await runDueEscalations(getDb(), new Date(), { ticketId: ticket.id });
    const [repage] = await getDb()
      .select()
      .from(notificationDeliveries)
      .where(and(eq(notificationDeliveries.ticketId, ticket.id), eq(notificationDeliveries.reason, "ack_timeout")));
    expect(repage.dueAt.getTime()).toBeGreaterThan(repage.createdAt.getTime());
    await acknowledgeIncident(ctxFor(user), { number: ticket.number });
    const result = await deliverNotification(getDb(), repage.id, repage.dueAt);
    expect(result.outcome).toBe("skipped");
    expect(smtp.messages.some((m) => m.envelopeTo.includes(user.email))).toBe(false);
  });

  it("a page for an incident that was resolved meanwhile is skipped", async () => {
    const user = await engineer();
    await setTestRules(user.id, [{ channel: "email" }]);
    const ticket = await insertIncident({ priority: "P3" });
    const [delivery] = await pageForTest({ ticketId: ticket.id, userIds: [user.id] });
    await updateTicket(ctxFor(user), {
      number: ticket.number,
      status: "resolved",
      resolutionCode: "fixed",
      resolutionNote: "done",
    });
    expect(await deliverNotification(getDb(), delivery.id)).toEqual({
      outcome: "skipped",
      reason: "incident is resolved",
    });
  });
});

describe("push deliveries", () => {
  it("reach the browser encrypted; the payload decrypts to the incident (Done-when 3)", async () => {
    const user = await engineer();
    await setTestRules(user.id, [{ channel: "push" }]);
    const browser = push.subscribe();
    const subscription = await subscribePush(ctxFor(user), {
      endpoint: browser.endpoint,
      keys: browser.keys,
      label: "Test browser",
    });
    const key = await vapidPublicKey();
    expect(statSync(path.join(dataDir, "vapid.json")).mode & 0o777).toBe(0o600);
    const ticket = await insertIncident({ title: "API latency high", priority: "P1" });
    const [delivery] = await pageForTest({ ticketId: ticket.id, userIds: [user.id] });
    expect(delivery).toMatchObject({ channel: "push", target: subscription.id });
    expect(await deliverNotification(getDb(), delivery.id)).toEqual({ outcome: "sent", attempts: 1 });
    const received = await push.waitFor((p) => p.subscriptionId === browser.id);
    expect(received.headers.ttl).toBe("3600");
    expect(received.headers.urgency).toBe("high");
    expect(received.vapid.publicKey).toBe(key);
    expect(received.vapid.aud).toBe(push.origin);
    const payload = received.payload as {
      title: string;
      tag: string;
      url: string;
      actions: { action: string; url: string }[];
      ticket: unknown;
    };
    expect(payload.title).toBe(`[P1] ${ticket.number} API latency high`);
    expect(payload.tag).toBe(ticket.number);
    expect(payload.url).toBe(`/oncall/${ticket.number}`);
    expect(payload.ticket).toEqual({ number: ticket.number, priority: "P1", title: "API latency high", status: "new" });
    expect(payload.actions.map((a) => a.action)).toEqual(["ack", "open"]);
    const ackToken = linksIn(payload.actions[0].url)[0];
    expect(await viewActionLink(getDb(), ackToken)).toMatchObject({ state: "ready", user: { id: user.id } });
    const [sub] = await getDb().select().from(pushSubscriptions).where(eq(pushSubscriptions.id, subscription.id));
    expect(sub.lastSuccessAt).toBeInstanceOf(Date);
  });

  it("a subscription the push service calls gone (410) is deleted and the delivery fails without retries", async () => {
    const user = await engineer();
    await setTestRules(user.id, [{ channel: "push" }]);
    const browser = push.subscribe();
    const subscription = await subscribePush(ctxFor(user), { endpoint: browser.endpoint, keys: browser.keys });
    const ticket = await insertIncident({ priority: "P4" });
    const [delivery] = await pageForTest({ ticketId: ticket.id, userIds: [user.id] });
    push.mode = "gone";
    try {
      const result = await deliverNotification(getDb(), delivery.id);
      expect(result).toMatchObject({ outcome: "failed", attempts: 1 });
    } finally {
      push.mode = "ok";
    }
    const row = await readDelivery(delivery.id);
    expect(row.status).toBe("failed");
    expect(row.lastError).toMatch(/HTTP 410/);
    expect(await getDb().select().from(pushSubscriptions).where(eq(pushSubscriptions.id, subscription.id))).toEqual([]);
  });

  it("a push service error (500) is retried", async () => {
    const user = await engineer();
    await setTestRules(user.id, [{ channel: "push" }]);
    const browser = push.subscribe();
    await subscribePush(ctxFor(user), { endpoint: browser.endpoint, keys: browser.keys });
    const ticket = await insertIncident({ priority: "P4" });
    const [delivery] = await pageForTest({ ticketId: ticket.id, userIds: [user.id] });
    push.mode = "error";
    try {
      expect(await deliverNotification(getDb(), delivery.id)).toMatchObject({ outcome: "retry", attempts: 1 });
    } finally {
      push.mode = "ok";
    }
    expect((await readDelivery(delivery.id)).lastError).toMatch(/^push 127\.0\.0\.1:\d+: HTTP 500/);
    const now = (await readDelivery(delivery.id)).nextAttemptAt as Date;
    expect(await deliverNotification(getDb(), delivery.id, now)).toMatchObject({ outcome: "sent", attempts: 2 });
  });
});

type Hit = { headers: IncomingHttpHeaders; body: string };

async function receiver(
  status = 200,
): Promise<{ url: string; hits: Hit[]; server: Server; setStatus: (s: number) => void }> {
  const hits: Hit[] = [];
  let answer = status;
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => {
      body += c;
    });
    req.on("end", () => {
      hits.push({ headers: req.headers, body });
      res.writeHead(answer).end(answer >= 400 ? "nope" : "ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    hits,
    server,
    setStatus: (s) => {
      answer = s;
    },
  };
}

describe("webhook deliveries", () => {
  it("post the Slack shape signed with the webhook's secret", async () => {
    const { user: admin } = await createTestUser({ role: "admin" });
    const hook = await receiver();
    try {
      const { webhook, secret } = await createWebhook(ctxFor(admin), {
        name: `slack ${Date.now()}`,
        url: hook.url,
        format: "slack",
      });
      const ticket = await insertIncident({ title: "Queue <stuck>", priority: "P2" });
      const [delivery] = await pageForTest({ ticketId: ticket.id, webhookIds: [webhook.id] });
      expect(delivery).toMatchObject({ channel: "webhook", target: webhook.id, userId: null });
      expect(await deliverNotification(getDb(), delivery.id)).toEqual({ outcome: "sent", attempts: 1 });
      expect(hook.hits).toHaveLength(1);
      const [hit] = hook.hits;
      expect(hit.headers["content-type"]).toBe("application/json");
      const expected = `sha256=${createHmac("sha256", secret).update(hit.body).digest("hex")}`;
      expect(hit.headers["x-watchdesk-signature"]).toBe(expected);
      const body = JSON.parse(hit.body);
      expect(body.text).toContain(`[P2] ${ticket.number} Queue &lt;stuck&gt;`);
      expect(body.blocks.map((b: { type: string }) => b.type)).toEqual(["section", "context", "actions"]);
      expect(body.blocks[0].text.type).toBe("mrkdwn");
      expect(body.blocks[0].text.text).toContain("Queue &lt;stuck&gt;");
      expect(body.blocks[0].text.text).toContain(`${APP}/oncall/${ticket.number}`);
      expect(body.blocks[2].elements[0].url).toBe(`${APP}/oncall/${ticket.number}`);
    } finally {
      hook.server.close();
    }
  });

  it("post the JSON shape, and retry a non-2xx answer with its status recorded", async () => {
    const { user: admin } = await createTestUser({ role: "admin" });
    const hook = await receiver(503);
    try {
      const { webhook } = await createWebhook(ctxFor(admin), { name: `json ${Date.now()}`, url: hook.url });
      const ticket = await insertIncident({ title: "Backup missed", priority: "P3" });
      const [delivery] = await pageForTest({ ticketId: ticket.id, webhookIds: [webhook.id] });
      const first = await deliverNotification(getDb(), delivery.id);
      expect(first).toMatchObject({ outcome: "retry", attempts: 1 });
      expect((await readDelivery(delivery.id)).lastError).toMatch(/^webhook 127\.0\.0\.1:\d+: HTTP 503 nope$/);
      hook.setStatus(204);
      const now = new Date(Date.now() + retryDelayMs(1));
      expect(await deliverNotification(getDb(), delivery.id, now)).toEqual({ outcome: "sent", attempts: 2 });
      const body = JSON.parse(hook.hits[1].body);
      expect(body).toMatchObject({
        event: "incident.paged",
        incident: { number: ticket.number, title: "Backup missed", priority: "P3", status: "new", service: null },
        reason: "page",
      });
      expect(body.incident.url).toBe(`${APP}/oncall/${ticket.number}`);
      expect(Number.isNaN(Date.parse(body.at))).toBe(false);
    } finally {
      hook.server.close();
    }
  });
  it("give up at once on a 4xx answer, which asking again would only repeat, and say so on the timeline", async () => {
    const { user: admin } = await createTestUser({ role: "admin" });
    const hook = await receiver(404);
    try {
      const { webhook } = await createWebhook(ctxFor(admin), { name: `gone ${Date.now()}`, url: hook.url });
      const ticket = await insertIncident({ title: "Disk full", priority: "P2" });
      const [delivery] = await pageForTest({ ticketId: ticket.id, webhookIds: [webhook.id] });
      expect(await deliverNotification(getDb(), delivery.id)).toMatchObject({ outcome: "failed", attempts: 1 });
      expect(await readDelivery(delivery.id)).toMatchObject({ status: "failed", nextAttemptAt: null });
      expect((await readDelivery(delivery.id)).lastError).toMatch(/^webhook 127\.0\.0\.1:\d+: HTTP 404 nope$/);
      expect(hook.hits).toHaveLength(1);
      const entries = await getDb()
        .select()
        .from(ticketActivities)
        .where(and(eq(ticketActivities.ticketId, ticket.id), eq(ticketActivities.kind, "notification")));
      expect(entries.map((e) => e.data).filter((d) => (d as { event?: string }).event === "delivery_failed")).toEqual([
        expect.objectContaining({ channel: "webhook", attempts: 1, error: expect.stringContaining("HTTP 404") }),
      ]);
    } finally {
      hook.server.close();
    }
  });

  it("retry 408, 425, 429 and 5xx; stop at redirects and other 4xx", () => {
    expect([301, 302, 307, 400, 401, 403, 404, 410, 413, 422].filter(isPermanentWebhookStatus)).toHaveLength(10);
    expect([408, 425, 429, 500, 502, 503, 504].filter(isPermanentWebhookStatus)).toEqual([]);
  });
});

describe("retry delays", () => {
  it("double from 5 s and stop growing at 5 min", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 12].map(retryDelayMs)).toEqual([
      5_000, 10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000, 300_000,
    ]);
  });
});
