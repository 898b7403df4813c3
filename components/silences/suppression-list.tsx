import { getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { ActionForm, type FormState, SubmitButton } from "@/components/forms/action-form";
import { LocalTime } from "@/components/ui/local-time";
import type { LabelMatcher } from "@/db/schema";
import { MatcherChips } from "./matcher-chips";

type Action = (state: FormState, form: FormData) => Promise<FormState>;
export type SuppressionState = "active" | "upcoming" | "ended";
const STATES: SuppressionState[] = ["active", "upcoming", "ended"];
const ENDED_SHOWN = 20;

type Suppression = {
  id: string;
  matchers: LabelMatcher[];
  startsAt: Date;
  endsAt: Date;
  endedEarlyAt: Date | null;
  comment: string;
  creatorName: string | null;
};

export function suppressionState(row: Pick<Suppression, "startsAt" | "endsAt" | "endedEarlyAt">, now: Date) {
  if (row.endedEarlyAt || row.endsAt <= now) return "ended";
  return row.startsAt > now ? "upcoming" : "active";
}

// Active, upcoming and (the most recent) ended suppressions, each under its own heading.
export async function SuppressionGroups<T extends Suppression>({
  rows,
  now,
  renderRow,
}: {
  rows: T[];
  now: Date;
  renderRow: (row: T, state: SuppressionState) => ReactNode;
}) {
  const t = await getTranslations("silences");
  const groups = Object.fromEntries(STATES.map((s) => [s, [] as T[]])) as Record<SuppressionState, T[]>;
  for (const row of rows) groups[suppressionState(row, now)].push(row);
  groups.active.sort((a, b) => a.endsAt.getTime() - b.endsAt.getTime());
  groups.upcoming.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  groups.ended.sort((a, b) => endedAt(b).getTime() - endedAt(a).getTime());
  return (
    <div className="divide-y divide-zinc-200 dark:divide-zinc-800">
      {STATES.map((state) => {
        const list = state === "ended" ? groups.ended.slice(0, ENDED_SHOWN) : groups[state];
        return (
          <section key={state} aria-labelledby={`group-${state}`} data-testid={`group-${state}`}>
            <h2
              id={`group-${state}`}
              className="flex items-center gap-2 bg-zinc-50 px-4 py-2 text-sm font-semibold sm:px-5 dark:bg-zinc-950/40"
            >
              {t(`state.${state}`)}
              <span className="font-normal text-zinc-500">{groups[state].length}</span>
            </h2>
            {list.length === 0 ? (
              <p className="px-4 py-3 text-sm text-zinc-500 sm:px-5 dark:text-zinc-400">{t(`emptyState.${state}`)}</p>
            ) : (
              <ul className="divide-y divide-zinc-100 dark:divide-zinc-800">
                {list.map((row) => renderRow(row, state))}
              </ul>
            )}
          </section>
        );
      })}
    </div>
  );
}

function endedAt(row: Suppression) {
  return row.endedEarlyAt && row.endedEarlyAt < row.endsAt ? row.endedEarlyAt : row.endsAt;
}

// One silence or maintenance window: what it matches, when, who and why, and the button that ends it.
export async function SuppressionRow({
  row,
  state,
  heading,
  matchersLabel,
  endAction,
  endLabel,
  idName,
}: {
  row: Suppression;
  state: SuppressionState;
  heading?: ReactNode;
  matchersLabel: string;
  endAction?: Action;
  endLabel: string;
  idName: string;
}) {
  const t = await getTranslations("silences");
  return (
    <li className="px-4 py-3 sm:px-5" data-testid={`suppression-${row.id}`}>
      <div className="flex flex-wrap items-start gap-3">
        <div className="min-w-0 flex-1 basis-56 space-y-2">
          {heading ? <div className="flex min-w-0 flex-wrap items-center gap-2">{heading}</div> : null}
          {row.matchers.length ? <MatcherChips matchers={row.matchers} label={matchersLabel} /> : null}
          <p className="flex flex-wrap gap-x-3 gap-y-1 text-xs text-zinc-500 dark:text-zinc-400">
            <span>
              {t("from")} <LocalTime value={row.startsAt} />
            </span>
            <span>
              {state === "ended" ? t("ended") : t("until")} <LocalTime value={endedAt(row)} />
            </span>
            <span className="break-words">{t("createdBy", { name: row.creatorName ?? t("unknownUser") })}</span>
          </p>
          {row.comment ? (
            <p className="text-sm break-words whitespace-pre-wrap text-zinc-700 dark:text-zinc-300">{row.comment}</p>
          ) : null}
        </div>
        {endAction && state !== "ended" ? (
          <ActionForm action={endAction} className="shrink-0">
            <input type="hidden" name={idName} value={row.id} />
            <SubmitButton size="sm" variant="danger-outline">
              {endLabel}
            </SubmitButton>
          </ActionForm>
        ) : null}
      </div>
    </li>
  );
}
