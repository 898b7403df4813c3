import { getTranslations } from "next-intl/server";
import { FieldError } from "@/components/forms/action-form";
import { Input, Label, Select } from "@/components/ui/input";
import { PRIORITIES, type Priority } from "@/db/schema";

// Channel, delay and priorities: the same fields for a new rule and for editing one.
export async function RuleFields({
  idPrefix,
  channel = "push",
  delayMinutes = 0,
  priorities = [],
}: {
  idPrefix: string;
  channel?: "email" | "push";
  delayMinutes?: number;
  priorities?: Priority[];
}) {
  const t = await getTranslations("notifySettings");
  return (
    <div className="grid gap-3 sm:grid-cols-[10rem_9rem_1fr]">
      <div>
        <Label htmlFor={`${idPrefix}-channel`}>{t("channel")}</Label>
        <Select id={`${idPrefix}-channel`} name="channel" defaultValue={channel}>
          <option value="push">{t("channels.push")}</option>
          <option value="email">{t("channels.email")}</option>
        </Select>
        <FieldError name="channel" />
      </div>
      <div>
        <Label htmlFor={`${idPrefix}-delay`}>{t("delay")}</Label>
        <Input
          id={`${idPrefix}-delay`}
          name="delayMinutes"
          type="number"
          inputMode="numeric"
          min={0}
          max={1440}
          defaultValue={delayMinutes}
        />
        <FieldError name="delayMinutes" />
      </div>
      <fieldset>
        <legend className="mb-1 block text-sm font-medium text-zinc-700 dark:text-zinc-300">{t("priorities")}</legend>
        <div className="flex flex-wrap gap-x-3 gap-y-1">
          {PRIORITIES.map((p) => (
            <label key={p} className="inline-flex h-10 items-center gap-1.5 text-sm">
              <input
                type="checkbox"
                name="priorities"
                value={p}
                defaultChecked={priorities.includes(p)}
                className="size-4"
              />
              {p}
            </label>
          ))}
        </div>
        <p className="text-xs text-zinc-500">{t("prioritiesHint")}</p>
        <FieldError name="priorities" />
      </fieldset>
    </div>
  );
}
