import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { pushSubscriptions } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { closeEmail } from "@/lib/notify/email";
import {
  createNotificationRule,
  deleteNotificationRule,
  listNotificationRules,
  MAX_RULES,
  updateNotificationRule,
} from "@/lib/notify/rules";
import {
  listPushSubscriptions,
  sendTestNotification,
  subscribePush,
  unsubscribePush,
} from "@/lib/notify/subscriptions";
import { webhookSecret } from "@/lib/notify/webhook";
import { createWebhook, deleteWebhook, listWebhooks, updateWebhook } from "@/lib/notify/webhooks";
import { createTestUser, ctxFor, uniqueName } from "@/tests/factories";
import { auditRowsFor } from "@/tests/support/db";
import { startPushEndpoint, type TestPushEndpoint } from "@/tests/support/push-endpoint";
import { startSmtp, type TestSmtpServer } from "@/tests/support/smtp";

const smtp: TestSmtpServer = await startSmtp();
const dataDir = mkdtempSync(path.join(tmpdir(), "wd-notify-settings-"));
process.env.SMTP_URL = smtp.url;
process.env.WATCHDESK_DATA_DIR = dataDir;
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

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (e) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

const engineer = async () => (await createTestUser({ role: "engineer", locale: "en" })).user;

describe("notification rules", () => {
  it("start from the defaults, and a person creates, edits and deletes their own, audited", async () => {
    const user = await engineer();
    const ctx = ctxFor(user);
    const empty = await listNotificationRules(ctx);
    expect(empty.isDefault).toBe(true);
    expect(empty.defaults.map((r) => `${r.channel}+${r.delayMinutes}`)).toEqual(["email+0", "push+0"]);
    const rule = await createNotificationRule(ctx, {
      channel: "push",
      delayMinutes: 0,
      priorities: ["P2", "P1", "P1"],
    });
    expect(rule.priorities).toEqual(["P1", "P2"]);
    const updated = await updateNotificationRule(ctx, {
      ruleId: rule.id,
      channel: "email",
      delayMinutes: "5" as never,
      priorities: [],
    });
    expect(updated).toMatchObject({ channel: "email", delayMinutes: 5, priorities: [] });
    const listed = await listNotificationRules(ctx);
    expect(listed.isDefault).toBe(false);
    expect(listed.rules.map((r) => r.id)).toEqual([rule.id]);
    await deleteNotificationRule(ctx, { ruleId: rule.id });
    expect((await listNotificationRules(ctx)).isDefault).toBe(true);
    expect((await auditRowsFor(rule.id)).map((a) => a.action)).toEqual([
      "notification_rule.create",
      "notification_rule.update",
      "notification_rule.delete",
    ]);
  });

  it("refuse a delay outside 0–1440 minutes and a channel other than email or push, naming the field", async () => {
    const ctx = ctxFor(await engineer());
    const late = await refusal(createNotificationRule(ctx, { channel: "email", delayMinutes: 1441 }));
    expect(late.code).toBe("invalid");
    expect(late.details?.fields?.delayMinutes).toBeTruthy();
    const webhook = await refusal(createNotificationRule(ctx, { channel: "webhook" as never, delayMinutes: 0 }));
    expect(webhook.details?.fields?.channel).toBeTruthy();
  });

  it(`allow at most ${MAX_RULES} rules per person`, async () => {
    const ctx = ctxFor(await engineer());
    for (let i = 0; i < MAX_RULES; i++) await createNotificationRule(ctx, { channel: "email", delayMinutes: i });
    const error = await refusal(createNotificationRule(ctx, { channel: "push", delayMinutes: 0 }));
    expect(error.code).toBe("conflict");
  });

  it("cannot touch someone else's rule", async () => {
    const owner = await engineer();
    const rule = await createNotificationRule(ctxFor(owner), { channel: "email", delayMinutes: 0 });
    const intruder = ctxFor(await engineer());
    expect(
      (await refusal(updateNotificationRule(intruder, { ruleId: rule.id, channel: "push", delayMinutes: 1 }))).code,
    ).toBe("not_found");
    expect((await refusal(deleteNotificationRule(intruder, { ruleId: rule.id }))).code).toBe("not_found");
    expect((await listNotificationRules(intruder)).rules).toEqual([]);
  });

  it("are refused to a requester", async () => {
    const { user } = await createTestUser({ role: "requester" });
    const error = await refusal(createNotificationRule(ctxFor(user), { channel: "email", delayMinutes: 0 }));
    expect(error.code).toBe("forbidden");
  });
});

describe("push subscriptions", () => {
  it("are upserted by endpoint, listed per person and removed by their owner only", async () => {
    const user = await engineer();
    const browser = push.subscribe();
    const first = await subscribePush(ctxFor(user), { endpoint: browser.endpoint, keys: browser.keys, label: "Phone" });
    const again = await subscribePush(ctxFor(user), {
      endpoint: browser.endpoint,
      keys: browser.keys,
      label: "Phone 2",
    });
    expect(again.id).toBe(first.id);
    expect(again.label).toBe("Phone 2");
    // Another person signing in on the same browser takes the endpoint over.
    const other = await engineer();
    const taken = await subscribePush(ctxFor(other), { endpoint: browser.endpoint, keys: browser.keys });
    expect(taken).toMatchObject({ id: first.id, userId: other.id });
    expect(await listPushSubscriptions(ctxFor(user))).toEqual([]);
    expect((await listPushSubscriptions(ctxFor(other))).map((s) => s.id)).toEqual([first.id]);
    expect((await refusal(unsubscribePush(ctxFor(user), { subscriptionId: first.id }))).code).toBe("not_found");
    await unsubscribePush(ctxFor(other), { subscriptionId: first.id });
    expect(await getDb().select().from(pushSubscriptions).where(eq(pushSubscriptions.id, first.id))).toEqual([]);
    const audits = await auditRowsFor(first.id);
    expect(audits.map((a) => a.action)).toEqual([
      "push_subscription.create",
      "push_subscription.update",
      "push_subscription.update",
      "push_subscription.delete",
    ]);
    expect(JSON.stringify(audits)).not.toContain(browser.keys.auth);
  });

  it("refuse endpoints that are not https (except a local one outside production) and malformed keys", async () => {
    const ctx = ctxFor(await engineer());
    const browser = push.subscribe();
    const plain = await refusal(subscribePush(ctx, { endpoint: "http://push.example.com/x", keys: browser.keys }));
    expect(plain.details?.fields?.endpoint).toBeTruthy();
    const badKey = await refusal(
      subscribePush(ctx, { endpoint: "https://push.example.com/x", keys: { p256dh: "abc", auth: browser.keys.auth } }),
    );
    expect(badKey.details?.fields?.["keys.p256dh"]).toBeTruthy();
  });

  it("are refused to a requester", async () => {
    const { user } = await createTestUser({ role: "requester" });
    const browser = push.subscribe();
    const error = await refusal(subscribePush(ctxFor(user), { endpoint: browser.endpoint, keys: browser.keys }));
    expect(error.code).toBe("forbidden");
  });

  it("a test notification reaches the person's browsers and mailbox, and is audited", async () => {
    const user = await engineer();
    const browser = push.subscribe();
    await subscribePush(ctxFor(user), { endpoint: browser.endpoint, keys: browser.keys });
    expect(await sendTestNotification(ctxFor(user), { channel: "push" })).toEqual({
      channel: "push",
      sent: 1,
      failed: [],
    });
    const received = await push.waitFor((p) => p.subscriptionId === browser.id);
    expect(received.payload).toMatchObject({ title: "Watchdesk test notification", url: "/settings/notifications" });
    expect(await sendTestNotification(ctxFor(user), { channel: "email" })).toMatchObject({ sent: 1 });
    const mail = await smtp.waitForMail((m) => m.envelopeTo.includes(user.email));
    expect(mail.subject).toBe("Watchdesk test notification");
    const audits = await auditRowsFor(user.id);
    expect(audits.filter((a) => a.action === "notification.test")).toHaveLength(2);
  });
});

describe("outbound webhooks", () => {
  it("an admin creates one and sees its signing secret once; updates and deletes are audited", async () => {
    const { user: admin } = await createTestUser({ role: "admin" });
    const ctx = ctxFor(admin);
    const { webhook, secret } = await createWebhook(ctx, {
      name: uniqueName("Slack"),
      url: "https://hooks.example.com/x",
      format: "slack",
    });
    expect(secret).toBe(webhookSecret(webhook.id));
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    expect((await listWebhooks(ctx)).some((w) => w.id === webhook.id)).toBe(true);
    const updated = await updateWebhook(ctx, { webhookId: webhook.id, isActive: false, format: "json" });
    expect(updated).toMatchObject({ isActive: false, format: "json" });
    await deleteWebhook(ctx, { webhookId: webhook.id });
    const audits = await auditRowsFor(webhook.id);
    expect(audits.map((a) => a.action)).toEqual(["webhook.create", "webhook.update", "webhook.delete"]);
    expect(JSON.stringify(audits)).not.toContain(secret);
  });

  it("keep a webhook URL's path and query (a Slack URL's secret) out of the audit log", async () => {
    const ctx = ctxFor((await createTestUser({ role: "admin" })).user);
    const token = "T000/B000/XXXXsecretXXXX";
    const { webhook } = await createWebhook(ctx, {
      name: uniqueName("Slack"),
      url: `https://hooks.slack.example/services/${token}?key=k3y`,
      format: "slack",
    });
    await updateWebhook(ctx, { webhookId: webhook.id, url: `https://hooks.slack.example/services/${token}2` });
    await deleteWebhook(ctx, { webhookId: webhook.id });
    const audits = JSON.stringify(await auditRowsFor(webhook.id));
    expect(audits).not.toContain("XXXXsecret");
    expect(audits).not.toContain("k3y");
    expect(audits).toContain("https://hooks.slack.example");
  });

  it("refuse a URL that is not http(s)", async () => {
    const { user: admin } = await createTestUser({ role: "admin" });
    for (const url of ["ftp://example.com/x", "javascript:alert(1)", "not a url"]) {
      const error = await refusal(createWebhook(ctxFor(admin), { name: uniqueName("Bad"), url }));
      expect(error.details?.fields?.url).toBeTruthy();
    }
  });

  it("are refused to managers and engineers", async () => {
    for (const role of ["manager", "engineer"] as const) {
      const { user } = await createTestUser({ role });
      const error = await refusal(createWebhook(ctxFor(user), { name: uniqueName("Nope"), url: "https://x.example" }));
      expect(error.code).toBe("forbidden");
    }
  });
});
