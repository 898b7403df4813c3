import { getDb } from "@/db/client";
import type { EscalationTarget } from "@/db/schema";
import type { Ctx } from "@/lib/context";
import { systemCtx } from "@/lib/context";
import {
  type CreateEscalationPolicy,
  createEscalationPolicy,
  type LinkSubject,
  setEscalationPolicyLink,
} from "@/lib/oncall/policies";
import { uniqueName } from "./unique";

export type TestStep = { delayMinutes?: number; targets: EscalationTarget[] };

export const userTarget = (id: string): EscalationTarget => ({ kind: "user", id });
export const teamTarget = (id: string): EscalationTarget => ({ kind: "team", id });
export const scheduleTarget = (id: string): EscalationTarget => ({ kind: "schedule", id });

// A policy built through the verb (so it is valid); never a default unless asked, which other tests would feel.
export function createTestPolicy(
  steps: TestStep[],
  options: Partial<Omit<CreateEscalationPolicy, "steps">> = {},
  ctx: Ctx = systemCtx(getDb(), "factory"),
) {
  return createEscalationPolicy(ctx, {
    name: uniqueName("Policy"),
    ...options,
    steps: steps.map((s) => ({ delayMinutes: s.delayMinutes ?? 0, targets: s.targets })),
  });
}

export function linkTestPolicy(
  subjectType: LinkSubject,
  subjectId: string,
  policyId: string | null,
  ctx: Ctx = systemCtx(getDb(), "factory"),
) {
  return setEscalationPolicyLink(ctx, { subjectType, subjectId, policyId });
}
