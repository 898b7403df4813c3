import { redirect } from "next/navigation";

// Incidents are tickets: one page shows them, alerts included.
export default async function IncidentPage({ params }: { params: Promise<{ number: string }> }) {
  redirect(`/tickets/${encodeURIComponent((await params).number)}`);
}
