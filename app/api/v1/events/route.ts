import { acceptIngest } from "@/lib/ingest/accept";
import { GENERIC_ENDPOINT } from "@/lib/ingest/endpoints";

export function POST(request: Request) {
  return acceptIngest(request, GENERIC_ENDPOINT);
}
