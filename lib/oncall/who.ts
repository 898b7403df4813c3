import type { DbOrTx } from "@/db/client";

// Who is on call for a schedule at an instant: override first, else the top layer with someone on call.
// Placeholder until the rotation engine lands; escalation calls only this.
export async function onCallUserIds(_db: DbOrTx, _scheduleId: string, _at: Date): Promise<string[]> {
  return [];
}
