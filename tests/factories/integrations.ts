import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { type IntegrationKind, integrations } from "@/db/schema";
import { createIntegration } from "@/lib/integrations/create";
import type { IntegrationView } from "@/lib/integrations/view";
import { factoryCtx } from "./context";
import { uniqueName } from "./unique";

export type TestIntegrationOptions = {
  kind?: IntegrationKind;
  name?: string;
  serviceId?: string;
  teamId?: string;
  rateLimitPerMinute?: number;
};

export async function createTestIntegration(
  options: TestIntegrationOptions = {},
): Promise<{ integration: IntegrationView; key: string }> {
  const { integration, key } = await createIntegration(factoryCtx(), {
    kind: options.kind ?? "alertmanager",
    name: options.name ?? uniqueName("Integration"),
    serviceId: options.serviceId,
    teamId: options.teamId,
  });
  if (options.rateLimitPerMinute !== undefined) {
    await getDb()
      .update(integrations)
      .set({ rateLimitPerMinute: options.rateLimitPerMinute })
      .where(eq(integrations.id, integration.id));
  }
  return { integration, key };
}
