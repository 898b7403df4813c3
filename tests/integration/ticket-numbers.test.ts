import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { systemCtx } from "@/lib/context";
import { createTicket } from "@/lib/tickets/create";
import { withScratchDatabase } from "@/tests/support/db";

describe("ticket numbers", () => {
  it("grow past six digits instead of being cut to six and colliding", async () => {
    await withScratchDatabase(async (scratch) => {
      await scratch.db.execute(sql`select setval('request_number_seq', 999998)`);
      const ctx = systemCtx(scratch.db, "test");
      const numbers = [];
      for (const title of ["a", "b"])
        numbers.push((await createTicket(ctx, { type: "service_request", title })).number);
      expect(numbers).toEqual(["REQ-999999", "REQ-1000000"]);
    });
  });
});
