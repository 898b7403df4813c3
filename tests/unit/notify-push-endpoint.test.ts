import { describe, expect, it } from "vitest";
import { isAllowedPushEndpoint } from "@/lib/notify/subscriptions";

describe("push endpoints a browser may register", () => {
  it("accepts the public push services in production", () => {
    for (const endpoint of [
      "https://fcm.googleapis.com/fcm/send/abc:def",
      "https://updates.push.services.mozilla.com/wpush/v2/gAAAA",
      "https://web.push.apple.com/QGx0",
      "https://wns2-par02p.notify.windows.com/w/?token=x",
    ]) {
      expect(isAllowedPushEndpoint(endpoint, true), endpoint).toBe(true);
    }
  });

  it("refuses addresses and internal names in production, which would let the workers reach internal hosts", () => {
    for (const endpoint of [
      "https://169.254.169.254/latest/meta-data/",
      "https://10.0.0.5/push",
      "https://127.0.0.1/push",
      "https://[::1]/push",
      "https://[fd00::1]/push",
      "https://localhost/push",
      "https://metadata/computeMetadata",
      "https://db.internal/x",
      "https://printer.local/x",
      "https://user:pass@fcm.googleapis.com/x",
      "http://127.0.0.1:9000/push",
      "http://fcm.googleapis.com/fcm/send/x",
    ]) {
      expect(isAllowedPushEndpoint(endpoint, true), endpoint).toBe(false);
    }
  });

  it("allows a local http stand-in outside production only", () => {
    expect(isAllowedPushEndpoint("http://127.0.0.1:9000/push/1", false)).toBe(true);
    expect(isAllowedPushEndpoint("http://push.example.com/x", false)).toBe(false);
    expect(isAllowedPushEndpoint("https://push.example.com/x", false)).toBe(true);
  });
});
