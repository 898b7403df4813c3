"use client";

import { ArrowDown, ArrowUp, type LucideIcon, Plus, X } from "lucide-react";
import { useTranslations } from "next-intl";
import { useEffect, useId, useState } from "react";
import { FieldError, useFormState } from "@/components/forms/action-form";
import { Button } from "@/components/ui/button";
import { Label, Select } from "@/components/ui/input";

type Candidate = { id: string; name: string };

function IconButton({
  label,
  icon: Icon,
  disabled,
  onClick,
}: {
  label: string;
  icon: LucideIcon;
  disabled?: boolean;
  onClick: () => void;
}) {
  return (
    <Button
      variant="ghost"
      size="sm"
      className="w-8 px-0 disabled:opacity-30"
      aria-label={label}
      title={label}
      disabled={disabled}
      onClick={onClick}
    >
      <Icon className="size-4" aria-hidden />
    </Button>
  );
}

// The rotation order: each row submits a "members" field, so the form sends the ids in the order shown.
export function MembersEditor({
  candidates,
  initial,
  resetOnSuccess = false,
}: {
  candidates: Candidate[];
  initial: string[];
  resetOnSuccess?: boolean;
}) {
  const t = useTranslations("schedules");
  const { state } = useFormState();
  // A form that empties itself after success (adding a layer) starts the next one with nobody in it.
  useEffect(() => {
    if (resetOnSuccess && state.status === "ok" && state.at) setRows([]);
  }, [resetOnSuccess, state.status, state.at]);
  const id = useId();
  const [rows, setRows] = useState(() => initial.map((userId, key) => ({ userId, key })));
  const [nextKey, setNextKey] = useState(initial.length);
  const [choice, setChoice] = useState("");
  const names = new Map(candidates.map((c) => [c.id, c.name]));

  function move(index: number, by: -1 | 1) {
    setRows((current) => {
      const copy = [...current];
      [copy[index], copy[index + by]] = [copy[index + by], copy[index]];
      return copy;
    });
  }

  function add() {
    if (!choice) return;
    setRows((current) => [...current, { userId: choice, key: nextKey }]);
    setNextKey((k) => k + 1);
    setChoice("");
  }

  return (
    <fieldset className="min-w-0">
      <legend className="mb-1 text-sm font-medium text-zinc-700 dark:text-zinc-300">{t("members")}</legend>
      <p className="mb-2 text-xs text-zinc-500 dark:text-zinc-400">{t("membersHint")}</p>
      {rows.length === 0 ? (
        <p className="mb-2 rounded-md border border-dashed border-zinc-300 px-3 py-2 text-sm text-zinc-500 dark:border-zinc-700">
          {t("noMembers")}
        </p>
      ) : (
        <ol className="mb-2 divide-y divide-zinc-100 rounded-md border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800">
          {rows.map((row, index) => {
            const name = names.get(row.userId) ?? "?";
            return (
              <li key={row.key} className="flex items-center gap-1 py-1 pr-1 pl-3" data-testid="member-row">
                <input type="hidden" name="members" value={row.userId} />
                <span className="w-5 shrink-0 font-mono text-xs text-zinc-500">{index + 1}</span>
                <span className="min-w-0 flex-1 truncate text-sm">{name}</span>
                <IconButton
                  label={t("moveMemberUp", { name })}
                  icon={ArrowUp}
                  disabled={index === 0}
                  onClick={() => move(index, -1)}
                />
                <IconButton
                  label={t("moveMemberDown", { name })}
                  icon={ArrowDown}
                  disabled={index === rows.length - 1}
                  onClick={() => move(index, 1)}
                />
                <IconButton
                  label={t("removeMember", { name })}
                  icon={X}
                  onClick={() => setRows((current) => current.filter((r) => r.key !== row.key))}
                />
              </li>
            );
          })}
        </ol>
      )}
      <div className="flex gap-2">
        <Label htmlFor={`${id}-add`} className="sr-only">
          {t("chooseMember")}
        </Label>
        <Select id={`${id}-add`} value={choice} onChange={(e) => setChoice(e.target.value)} className="min-w-0 flex-1">
          <option value="">{t("chooseMember")}</option>
          {candidates.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </Select>
        <Button variant="secondary" onClick={add} disabled={!choice} className="shrink-0">
          <Plus className="size-4" aria-hidden />
          {t("addMember")}
        </Button>
      </div>
      <FieldError name="members" />
    </fieldset>
  );
}
