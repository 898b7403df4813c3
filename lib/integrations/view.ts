import type { Integration } from "@/db/schema";

export type IntegrationView = Omit<Integration, "keyHash">;

// The key hash never leaves lib/: not to pages, not to the audit log.
export function integrationView(row: Integration): IntegrationView {
  const { keyHash: _keyHash, ...view } = row;
  return view;
}
