import { acceptIngest } from "@/lib/ingest/accept";
import { GRAFANA_ENDPOINT } from "@/lib/ingest/endpoints";

export function POST(request: Request) {
  return acceptIngest(request, GRAFANA_ENDPOINT);
}
