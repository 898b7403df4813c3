import { acceptIngest } from "@/lib/ingest/accept";
import { PAGERDUTY_ENDPOINT } from "@/lib/ingest/endpoints";

export function POST(request: Request) {
  return acceptIngest(request, PAGERDUTY_ENDPOINT);
}
