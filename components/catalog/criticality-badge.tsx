import { getTranslations } from "next-intl/server";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import type { Criticality } from "@/db/schema";

const TONE: Record<Criticality, BadgeTone> = { critical: "red", high: "amber", medium: "brand", low: "neutral" };

export async function CriticalityBadge({ value }: { value: Criticality }) {
  const t = await getTranslations("criticality");
  return <Badge tone={TONE[value]}>{t(value)}</Badge>;
}
