import type { LayerRestriction, OncallSchedule, RotationKind } from "@/db/schema";
import { addLayer, addOverride, createSchedule } from "@/lib/oncall/schedules";
import { factoryCtx } from "./context";
import { uniqueName } from "./unique";

export type TestLayer = {
  members: string[];
  rotationKind?: RotationKind;
  shiftHours?: number;
  startsAt?: string;
  endsAt?: string | null;
  restrictions?: LayerRestriction[];
  name?: string;
};

// A schedule built through the verbs; layers are listed bottom first (each new one goes on top).
export async function createTestSchedule(
  options: {
    name?: string;
    timeZone?: string;
    layers?: TestLayer[];
    overrides?: { userId: string; startsAt: Date; endsAt: Date }[];
  } = {},
): Promise<OncallSchedule & { layerIds: string[] }> {
  const ctx = factoryCtx();
  const schedule = await createSchedule(ctx, {
    name: options.name ?? uniqueName("Schedule"),
    timeZone: options.timeZone ?? "Asia/Seoul",
  });
  const layerIds: string[] = [];
  for (const [i, layer] of (options.layers ?? []).entries()) {
    const created = await addLayer(ctx, {
      scheduleId: schedule.id,
      name: layer.name ?? `Layer ${i + 1}`,
      rotationKind: layer.rotationKind ?? "weekly",
      shiftHours: layer.shiftHours,
      startsAt: layer.startsAt ?? "2026-01-05T09:00",
      endsAt: layer.endsAt,
      restrictions: layer.restrictions ?? [],
      members: layer.members,
    });
    layerIds.push(created.id);
  }
  for (const o of options.overrides ?? []) await addOverride(ctx, { scheduleId: schedule.id, ...o });
  return { ...schedule, layerIds };
}
