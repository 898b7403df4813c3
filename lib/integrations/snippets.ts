import type { IntegrationKind } from "@/db/schema";

// What the sender's operator pastes into their own configuration; the key appears only where they need it.
export function senderSnippet(kind: IntegrationKind, url: string, key: string): string {
  switch (kind) {
    case "alertmanager":
      return [
        "# alertmanager.yml",
        "receivers:",
        "  - name: watchdesk",
        "    webhook_configs:",
        `      - url: ${url}`,
        "        send_resolved: true",
        "        http_config:",
        "          authorization:",
        "            type: Bearer",
        `            credentials: ${key}`,
      ].join("\n");
    case "grafana":
      return [
        "# Grafana → Alerting → Contact points → Webhook, or provisioning/alerting/watchdesk.yaml",
        "apiVersion: 1",
        "contactPoints:",
        "  - orgId: 1",
        "    name: watchdesk",
        "    receivers:",
        "      - uid: watchdesk",
        "        type: webhook",
        "        settings:",
        `          url: ${url}`,
        "          httpMethod: POST",
        "          authorization_scheme: Bearer",
        `          authorization_credentials: ${key}`,
      ].join("\n");
    case "pagerduty":
      return [
        `# Events API v2 URL: ${url}`,
        `# routing_key (integration key): ${key}`,
        `curl -X POST ${url} \\`,
        "  -H 'Content-Type: application/json' \\",
        `  -d '{"routing_key":"${key}","event_action":"trigger","dedup_key":"disk-db1","payload":{"summary":"Disk full on db1","source":"db1","severity":"critical"}}'`,
      ].join("\n");
    case "generic":
      return [
        `curl -X POST ${url} \\`,
        `  -H 'Authorization: Bearer ${key}' \\`,
        "  -H 'Content-Type: application/json' \\",
        `  -d '{"title":"Backup failed on db1","severity":"error","source":"cron","labels":{"host":"db1"}}'`,
      ].join("\n");
  }
}
