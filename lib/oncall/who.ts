import { and, asc, eq, gt, inArray, lt } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { oncallLayerMembers, oncallLayers, oncallOverrides, oncallSchedules } from "@/db/schema";
import { type NowAndNext, nowAndNext, onCallAt, type ScheduleDefinition } from "./rotation";

export type LoadedSchedule = ScheduleDefinition & { id: string; name: string; version: number };

const HORIZON_DAYS = 90;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// Schedules with their layers, members and the overrides that touch [from, to) (all of them without a window):
// one query per table, however many schedules.
export async function loadScheduleDefinitions(
  db: DbOrTx,
  scheduleIds: string[],
  window?: { from: Date; to: Date },
): Promise<Map<string, LoadedSchedule>> {
  const ids = [...new Set(scheduleIds)].filter((id) => UUID.test(id));
  const out = new Map<string, LoadedSchedule>();
  if (ids.length === 0) return out;
  const [schedules, layers, members, overrides] = await Promise.all([
    db
      .select({
        id: oncallSchedules.id,
        name: oncallSchedules.name,
        timeZone: oncallSchedules.timeZone,
        version: oncallSchedules.version,
      })
      .from(oncallSchedules)
      .where(inArray(oncallSchedules.id, ids)),
    db.select().from(oncallLayers).where(inArray(oncallLayers.scheduleId, ids)).orderBy(asc(oncallLayers.position)),
    db
      .select({ layerId: oncallLayerMembers.layerId, userId: oncallLayerMembers.userId })
      .from(oncallLayerMembers)
      .innerJoin(oncallLayers, eq(oncallLayers.id, oncallLayerMembers.layerId))
      .where(inArray(oncallLayers.scheduleId, ids))
      .orderBy(asc(oncallLayerMembers.layerId), asc(oncallLayerMembers.position)),
    db
      .select()
      .from(oncallOverrides)
      .where(
        and(
          inArray(oncallOverrides.scheduleId, ids),
          window ? and(lt(oncallOverrides.startsAt, window.to), gt(oncallOverrides.endsAt, window.from)) : undefined,
        ),
      )
      .orderBy(asc(oncallOverrides.startsAt)),
  ]);
  for (const s of schedules) out.set(s.id, { ...s, layers: [], overrides: [] });
  const membersByLayer = new Map<string, string[]>();
  for (const m of members) membersByLayer.set(m.layerId, [...(membersByLayer.get(m.layerId) ?? []), m.userId]);
  for (const l of layers) {
    out.get(l.scheduleId)?.layers.push({
      id: l.id,
      position: l.position,
      rotationKind: l.rotationKind,
      shiftHours: l.shiftHours,
      startsAt: l.startsAt,
      endsAt: l.endsAt,
      restrictions: l.restrictions,
      members: membersByLayer.get(l.id) ?? [],
    });
  }
  for (const o of overrides) {
    out.get(o.scheduleId)?.overrides.push({ id: o.id, userId: o.userId, startsAt: o.startsAt, endsAt: o.endsAt });
  }
  return out;
}

export async function loadScheduleDefinition(
  db: DbOrTx,
  scheduleId: string,
  window?: { from: Date; to: Date },
): Promise<LoadedSchedule | null> {
  return (await loadScheduleDefinitions(db, [scheduleId], window)).get(scheduleId) ?? null;
}

// Who is on call for a schedule at an instant: override first, else the top layer with someone on call.
export async function onCallUserIds(db: DbOrTx, scheduleId: string, at: Date): Promise<string[]> {
  const def = await loadScheduleDefinition(db, scheduleId, { from: at, to: new Date(at.getTime() + 1) });
  return def ? onCallAt(def, at).userIds : [];
}

// Per schedule: who is on call now and until when, and who comes next (looking 90 days ahead).
export async function onCallNowAndNext(db: DbOrTx, scheduleIds: string[], now: Date): Promise<Map<string, NowAndNext>> {
  const window = { from: now, to: new Date(now.getTime() + HORIZON_DAYS * 86_400_000) };
  const defs = await loadScheduleDefinitions(db, scheduleIds, window);
  return new Map([...defs].map(([id, def]) => [id, nowAndNext(def, now, HORIZON_DAYS)]));
}
