import { generateSecret, hashSecret } from "@/lib/tokens/secret";

export const INTEGRATION_KEY_PREFIX = "wdi";

export function newIntegrationKey() {
  const key = generateSecret(INTEGRATION_KEY_PREFIX);
  return { key, keyHash: hashSecret(key), keyPrefix: key.slice(0, 12) };
}
