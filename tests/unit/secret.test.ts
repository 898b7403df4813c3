import { describe, expect, it } from "vitest";
import { generateSecret, hashSecret, secretsEqual } from "@/lib/tokens/secret";

describe("token secrets", () => {
  it("generates prefixed 256-bit base64url secrets that never repeat", () => {
    const secrets = Array.from({ length: 50 }, () => generateSecret("wd"));
    for (const secret of secrets) expect(secret).toMatch(/^wd_[A-Za-z0-9_-]{43}$/);
    expect(new Set(secrets).size).toBe(secrets.length);
    expect(generateSecret("wdi")).toMatch(/^wdi_/);
  });

  it("hashes with SHA-256 as lowercase hex", () => {
    expect(hashSecret("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const secret = generateSecret("wd");
    expect(hashSecret(secret)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashSecret(secret)).toBe(hashSecret(secret));
    expect(hashSecret(secret)).not.toBe(hashSecret(`${secret}x`));
  });

  it("compares secrets exactly, including their length", () => {
    expect(secretsEqual("wd_abc", "wd_abc")).toBe(true);
    expect(secretsEqual("wd_abc", "wd_abd")).toBe(false);
    expect(secretsEqual("wd_abc", "wd_abcd")).toBe(false);
    expect(secretsEqual("", "")).toBe(true);
  });
});
