import type { IntegrationKind } from "@/db/schema";
import { env } from "@/lib/env";

export const INTEGRATION_PATHS: Record<IntegrationKind, string> = {
  alertmanager: "/api/v1/integrations/alertmanager",
  grafana: "/api/v1/integrations/grafana",
  pagerduty: "/v2/enqueue",
  generic: "/api/v1/events",
};

export function integrationUrl(kind: IntegrationKind, appUrl = env().APP_URL): string {
  return new URL(INTEGRATION_PATHS[kind], appUrl).toString();
}
