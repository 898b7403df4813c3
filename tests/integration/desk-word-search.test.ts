import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { type Ticket, ticketActivities } from "@/db/schema";
import type { Ctx } from "@/lib/context";
import { listQueue } from "@/lib/tickets/queue";
import { searchTickets } from "@/lib/tickets/search";
import { createTestService, createTestUser, ctxFor, insertIncident, uniqueSuffix } from "../factories";

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);

async function pages(ctx: Ctx, input: Parameters<typeof listQueue>[1]) {
  const numbers: string[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < 20; i++) {
    const page = await listQueue(ctx, { ...input, cursor });
    numbers.push(...page.rows.map((r) => r.number));
    if (!page.nextCursor) return numbers;
    cursor = page.nextCursor;
  }
  throw new Error("too many pages");
}

describe("word filters and sorts of the queue and search", () => {
  let ctx: Ctx;
  let common: string;
  let rare: string;
  let commonTickets: Ticket[];
  let rareTickets: Ticket[];

  beforeAll(async () => {
    const { user } = await createTestUser({ role: "agent" });
    ctx = ctxFor(user);
    common = `zq${uniqueSuffix()}`;
    rare = `zr${uniqueSuffix()}`;
    commonTickets = [];
    for (let i = 0; i < 60; i++) {
      commonTickets.push(
        await insertIncident({
          title: `VPN ${common} 접속 장애 ${i}`,
          createdAt: minutesAgo(i),
          updatedAt: minutesAgo(i),
        }),
      );
    }
    rareTickets = [
      await insertIncident({ title: `disk full ${rare}`, createdAt: minutesAgo(100) }),
      await insertIncident({ title: "printer offline 3층", createdAt: minutesAgo(200) }),
    ];
    await getDb()
      .insert(ticketActivities)
      .values({ ticketId: rareTickets[1].id, kind: "comment", actorType: "system", body: `원인: ${rare} 드라이버` });
  });

  it("pages a common word newest first, whether the page comes from the walk or from the GIN index", async () => {
    const expected = commonTickets.map((t) => t.number);
    expect(await pages(ctx, { view: "all", q: common, limit: 25 })).toEqual(expected);
    expect(await pages(ctx, { view: "open", q: `${common} 장애`, limit: 7 })).toEqual(expected);
    expect(await pages(ctx, { view: "all", q: common, sort: "oldest", limit: 50 })).toEqual([...expected].reverse());
    expect(await pages(ctx, { view: "all", q: rare })).toEqual([rareTickets[0].number]);
  });

  it("searches titles and comments newest first, an exact number first", async () => {
    const found = await searchTickets(ctx, { q: common });
    expect(found.map((t) => t.number)).toEqual(commonTickets.slice(0, 20).map((t) => t.number));
    const rareFound = await searchTickets(ctx, { q: rare.toUpperCase() });
    expect(rareFound.map((t) => t.number)).toEqual(rareTickets.map((t) => t.number));
    const byNumber = await searchTickets(ctx, { q: commonTickets[59].number, limit: 5 });
    expect(byNumber[0].number).toBe(commonTickets[59].number);
  });

  it("keeps the order of the updated and priority sorts across pages", async () => {
    const service = await createTestService();
    const made: Ticket[] = [];
    for (let i = 0; i < 12; i++) {
      made.push(
        await insertIncident({
          serviceId: service.id,
          priority: (["P1", "P3", "P5"] as const)[i % 3],
          createdAt: minutesAgo(i),
          updatedAt: minutesAgo(100 - i),
        }),
      );
    }
    const byUpdated = [...made].sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime()).map((t) => t.number);
    expect(await pages(ctx, { view: "all", serviceId: service.id, sort: "updated", limit: 5 })).toEqual(byUpdated);
    const byPriority = [...made]
      .sort((a, b) => a.priority.localeCompare(b.priority) || b.createdAt.getTime() - a.createdAt.getTime())
      .map((t) => t.number);
    expect(await pages(ctx, { view: "all", serviceId: service.id, sort: "priority", limit: 5 })).toEqual(byPriority);
  });
});
