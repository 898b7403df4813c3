import { getTimeZone, getTranslations } from "next-intl/server";
import { FieldError } from "@/components/forms/action-form";
import { Input, Label, Select, Textarea } from "@/components/ui/input";
import { dateToLocalInput, SUPPRESSION_DURATIONS } from "@/lib/silences/form-input";

const HINT = "mt-1 text-xs text-zinc-500 dark:text-zinc-400";

export async function MatchersField({
  idPrefix,
  optional = false,
  defaultValue,
  hint,
}: {
  idPrefix: string;
  optional?: boolean;
  defaultValue?: string;
  hint?: string;
}) {
  const t = await getTranslations("silences");
  const id = `${idPrefix}-matchers`;
  return (
    <div>
      <Label htmlFor={id}>{optional ? t("matchersOptional") : t("matchers")}</Label>
      <Textarea
        id={id}
        name="matchers"
        rows={3}
        defaultValue={defaultValue}
        spellCheck={false}
        autoCapitalize="off"
        autoCorrect="off"
        className="font-mono"
        placeholder={"alertname=DiskFull\ncluster=~prod-.*"}
        aria-describedby={`${id}-hint`}
      />
      <p id={`${id}-hint`} className={HINT}>
        {hint ?? t("matchersHint")}
      </p>
      <FieldError name="matchers" />
    </div>
  );
}

// Start defaults to now (a start left at the rendered default means "now" when submitted); an end time overrides the duration.
export async function TimeFields({ idPrefix }: { idPrefix: string }) {
  const t = await getTranslations("silences");
  const now = dateToLocalInput(new Date(), await getTimeZone());
  const id = (name: string) => `${idPrefix}-${name}`;
  return (
    <div className="grid grid-cols-1 gap-3">
      <div>
        <Label htmlFor={id("starts")}>{t("startsAt")}</Label>
        <Input id={id("starts")} type="datetime-local" name="startsAt" defaultValue={now} />
        <input type="hidden" name="startsAtDefault" value={now} />
        <FieldError name="startsAt" />
      </div>
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-1">
        <div>
          <Label htmlFor={id("duration")}>{t("duration")}</Label>
          <Select id={id("duration")} name="duration" defaultValue="2h">
            {Object.keys(SUPPRESSION_DURATIONS).map((d) => (
              <option key={d} value={d}>
                {t(`durations.${d}`)}
              </option>
            ))}
          </Select>
        </div>
        <div>
          <Label htmlFor={id("ends")}>{t("endsAt")}</Label>
          <Input id={id("ends")} type="datetime-local" name="endsAt" aria-describedby={`${id("ends")}-hint`} />
          <p id={`${id("ends")}-hint`} className={HINT}>
            {t("endsHint")}
          </p>
          <FieldError name="endsAt" />
        </div>
      </div>
    </div>
  );
}

export async function CommentField({ idPrefix }: { idPrefix: string }) {
  const t = await getTranslations("silences");
  return (
    <div>
      <Label htmlFor={`${idPrefix}-comment`}>{t("comment")}</Label>
      <Textarea
        id={`${idPrefix}-comment`}
        name="comment"
        rows={2}
        maxLength={2000}
        placeholder={t("commentPlaceholder")}
      />
      <FieldError name="comment" />
    </div>
  );
}
