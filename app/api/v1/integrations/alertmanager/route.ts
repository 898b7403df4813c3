import { acceptIngest } from "@/lib/ingest/accept";
import { ALERTMANAGER_ENDPOINT } from "@/lib/ingest/endpoints";

export function POST(request: Request) {
  return acceptIngest(request, ALERTMANAGER_ENDPOINT);
}
