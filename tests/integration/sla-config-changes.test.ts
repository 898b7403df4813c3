import { describe, expect, it } from "vitest";
import { getSql } from "@/db/client";
import { slaConfigChangeQueue } from "@/lib/sla/config-changes";
import type { SlaConfigChange } from "@/lib/sla/recompute";
import { uniqueName } from "@/tests/factories";

// Each queue stands for one worker process; the advisory lock is what keeps them from recomputing the same change.
// A lock key of this file's own, so worker processes that other test files start never hold it.
const lockKey = 0x7e_57_00_00 + (process.pid % 0xffff);
function worker(applied: string[], gate?: Promise<void>) {
  return slaConfigChangeQueue(
    getSql(),
    async (change: SlaConfigChange) => {
      applied.push(change.calendarId ?? change.policyId ?? "all");
      await gate;
      return 0;
    },
    { lockKey },
  );
}

describe("SLA configuration changes heard by several workers", () => {
  it("are recomputed by one worker, while the others, finding the lock taken, leave them to it", async () => {
    let open = () => {};
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const appliedByA: string[] = [];
    const appliedByB: string[] = [];
    const a = worker(appliedByA, gate);
    const b = worker(appliedByB, gate);
    const first = uniqueName("cal");
    const second = uniqueName("cal");
    a.hear({ calendarId: first });
    await expect.poll(() => appliedByA).toEqual([first]);
    // A is recomputing the first change when both hear the second, twice.
    b.hear({ calendarId: second });
    a.hear({ calendarId: second });
    a.hear({ calendarId: second });
    await b.idle();
    open();
    await a.idle();
    expect(appliedByA).toEqual([first, second]);
    expect(appliedByB).toEqual([]);
  });

  it("are applied one at a time in the order heard, and a worker takes the lock again once it is free", async () => {
    const applied: string[] = [];
    const a = worker(applied);
    const b = worker(applied);
    const ids = [uniqueName("cal"), uniqueName("cal"), uniqueName("cal")];
    a.hear({ calendarId: ids[0] });
    a.hear({ policyId: ids[1] });
    await a.idle();
    b.hear({ calendarId: ids[2] });
    await b.idle();
    expect(applied).toEqual(ids);
  });
});
