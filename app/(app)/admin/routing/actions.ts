"use server";

import { revalidatePath } from "next/cache";
import { requireUser, userCtx } from "@/lib/auth/current-user";
import { AppError } from "@/lib/errors";
import { type FormState, formString, runFormAction, userFormAction } from "@/lib/forms";
import {
  type CreateRoutingRule,
  createRoutingRule,
  deleteRoutingRule,
  listRoutingRules,
  reorderRoutingRules,
  updateRoutingRule,
} from "@/lib/routing/manage";
import { parseMatcherText } from "@/lib/silences/matcher-text";

const PATH = "/admin/routing";

function formStrings(form: FormData, name: string): string[] {
  return form.getAll(name).filter((v): v is string => typeof v === "string" && v !== "");
}

function ruleInput(form: FormData) {
  const { matchers, errors } = parseMatcherText(formString(form, "matchers"));
  if (errors.length) throw new AppError("invalid", `matchers: ${errors[0]}`, { fields: { matchers: errors } });
  return {
    name: formString(form, "name") ?? "",
    matchers,
    ticketTypes: formStrings(form, "ticketTypes") as CreateRoutingRule["ticketTypes"],
    categoryIds: formStrings(form, "categoryIds"),
    matchServiceIds: formStrings(form, "matchServiceIds"),
    priorities: formStrings(form, "priorities") as CreateRoutingRule["priorities"],
    serviceId: formString(form, "serviceId") || null,
    teamId: formString(form, "teamId") || null,
    isEnabled: formString(form, "isEnabled") === "on",
  };
}

export const createRoutingRuleAction = userFormAction({
  verb: createRoutingRule,
  input: ruleInput,
  revalidate: [PATH],
  message: { namespace: "routing", key: "created" },
});

export const updateRoutingRuleAction = userFormAction({
  verb: updateRoutingRule,
  input: (form) => ({ ...ruleInput(form), ruleId: formString(form, "ruleId") ?? "" }),
  revalidate: [PATH],
  message: { namespace: "common", key: "saved" },
});

export const deleteRoutingRuleAction = userFormAction({
  verb: deleteRoutingRule,
  input: (form) => ({ ruleId: formString(form, "ruleId") ?? "" }),
  revalidate: [PATH],
});

// Swaps the rule with its neighbour in the current order, so a stale page cannot undo someone else's reordering.
export async function moveRoutingRuleAction(_: FormState, form: FormData): Promise<FormState> {
  const user = await requireUser();
  return runFormAction(async () => {
    const ctx = await userCtx(user);
    const ruleId = formString(form, "ruleId") ?? "";
    const step = formString(form, "direction") === "up" ? -1 : 1;
    const order = (await listRoutingRules(ctx)).map((r) => r.id);
    const from = order.indexOf(ruleId);
    if (from === -1) throw new AppError("not_found", "No such routing rule");
    const to = from + step;
    if (to < 0 || to >= order.length) return undefined;
    [order[from], order[to]] = [order[to], order[from]];
    await reorderRoutingRules(ctx, { ruleIds: order });
    revalidatePath(PATH);
    return undefined;
  });
}
