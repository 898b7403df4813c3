import { describe, expect, it } from "vitest";
import { env } from "@/lib/env";
import { emailMessage, type IncidentFacts, pushPayload, webhookBody } from "@/lib/notify/message";
import { browserLabel } from "@/lib/notify/subscriptions";
import { notifyJobId, parseDeliveryNotice } from "@/workers/queues/notify";

const incident: IncidentFacts = {
  id: "00000000-0000-4000-8000-000000000001",
  number: "INC-000042",
  title: `Disk full on "db-01" <script>`,
  priority: "P1",
  status: "new",
  serviceName: "Payments & Billing",
  createdAt: new Date("2026-12-02T05:03:00Z"),
  acknowledgedAt: null,
};
const links = { acknowledge: "https://wd.example/a/ack.sig", resolve: "https://wd.example/a/res.sig" };

describe("notification email", () => {
  it("puts priority, number and title in the subject, both links in the text, and escapes the HTML", () => {
    const mail = emailMessage({
      incident,
      recipient: { name: "Kim", locale: "en", timeZone: "Asia/Seoul" },
      reason: "page",
      links,
    });
    expect(mail.subject).toBe(`[P1] INC-000042 Disk full on "db-01" <script> — acknowledge?`);
    expect(mail.text).toContain(`Acknowledge: ${links.acknowledge}`);
    expect(mail.text).toContain(`Resolve: ${links.resolve}`);
    expect(mail.text).toContain(`${new URL("/oncall/INC-000042", env().APP_URL)}`);
    // Seoul time, not UTC.
    expect(mail.text).toContain("14:03");
    expect(mail.html).not.toContain("<script>");
    expect(mail.html).toContain("Disk full on &quot;db-01&quot; &lt;script&gt;");
    expect(mail.html).toContain("Payments &amp; Billing");
    expect(mail.html).toContain(`href="${links.acknowledge}"`);
  });

  it("speaks Korean when the recipient does", () => {
    const mail = emailMessage({
      incident,
      recipient: { name: "김", locale: "ko", timeZone: "Asia/Seoul" },
      reason: "ack_timeout",
      links,
    });
    expect(mail.subject).toMatch(/ — 확인해 주세요$/);
    expect(mail.text).toContain("확인했지만 아직 해결되지 않았습니다");
    expect(mail.html).toContain('lang="ko"');
  });
});

describe("push payload and webhook bodies", () => {
  it("carry the incident, the one-tap link on Acknowledge and the phone page on Open", () => {
    const payload = pushPayload({
      incident,
      recipient: { name: "Kim", locale: "en", timeZone: "Asia/Seoul" },
      reason: "page",
      acknowledgeUrl: links.acknowledge,
    });
    expect(payload).toMatchObject({
      tag: "INC-000042",
      url: "/oncall/INC-000042",
      actions: [
        { action: "ack", url: links.acknowledge },
        { action: "open", url: "/oncall/INC-000042" },
      ],
      ticket: { number: "INC-000042", priority: "P1", status: "new" },
    });
    const slack = webhookBody({ incident, reason: "page", format: "slack", at: new Date() }) as {
      text: string;
      blocks: { type: string; text?: { text: string } }[];
    };
    expect(slack.blocks.map((b) => b.type)).toEqual(["section", "context", "actions"]);
    expect(slack.blocks[0].text?.text).not.toContain("<script>");
    expect(slack.blocks[0].text?.text).toContain("&lt;script&gt;");
    // The top-level text is mrkdwn too (and what notifications show): a title must not mention @channel or link.
    const loud = webhookBody({
      incident: { ...incident, title: "<!channel> <https://evil.example|login>" },
      reason: "page",
      format: "slack",
      at: new Date(),
    }) as { text: string };
    expect(loud.text).not.toContain("<!channel>");
    expect(loud.text).toContain("&lt;!channel&gt;");
  });
});

describe("queue helpers", () => {
  it("read delivery notices and name jobs by delivery and attempt", () => {
    const id = "6f1c2b9e-8f5d-4c3a-9b1e-2d3c4b5a6f70";
    expect(parseDeliveryNotice(`${id} 1764650000000`)).toEqual({ deliveryId: id, attempt: 0, at: 1764650000000 });
    expect(parseDeliveryNotice("nonsense")).toBeNull();
    expect(notifyJobId({ deliveryId: id, attempt: 3 })).toBe(`dl-${id}-3`);
  });

  it("labels browsers by their user agent", () => {
    expect(
      browserLabel(
        "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36",
      ),
    ).toBe("Chrome · Android");
    expect(
      browserLabel(
        "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
      ),
    ).toBe("Safari · iOS");
    expect(browserLabel(null)).toBe("");
  });
});
