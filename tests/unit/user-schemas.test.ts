import { describe, expect, it } from "vitest";
import { Email, Password, TimeZone } from "@/lib/users/schemas";

describe("user input schemas", () => {
  it("normalises email addresses to trimmed lower case", () => {
    expect(Email.parse("  Kim.Admin@Example.COM ")).toBe("kim.admin@example.com");
    expect(Email.safeParse("not-an-email").success).toBe(false);
  });

  it("requires passwords of 10 to 256 characters", () => {
    expect(Password.safeParse("123456789").success).toBe(false);
    expect(Password.safeParse("1234567890").success).toBe(true);
    expect(Password.safeParse("x".repeat(257)).success).toBe(false);
  });

  it("accepts only IANA time zones", () => {
    expect(TimeZone.safeParse("Asia/Seoul").success).toBe(true);
    expect(TimeZone.safeParse("Seoul").success).toBe(false);
  });
});
