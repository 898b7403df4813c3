"use client";

import { ArrowDown, ArrowUp, Plus, Trash2, X } from "lucide-react";
import { type ReactNode, useId, useRef, useState } from "react";
import { FieldError } from "@/components/forms/action-form";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Input, Label, Select } from "@/components/ui/input";

type Kind = "schedule" | "user" | "team" | "webhook";
const KINDS: Kind[] = ["schedule", "user", "team", "webhook"];
type Option = { id: string; name: string; detail?: string };
type Target = { kind: Kind; id: string; key: number };
type Step = { delayMinutes: string; targets: Target[]; key: number };

export type StepsEditorLabels = {
  step: string;
  delayFirst: string;
  delayNext: string;
  targets: string;
  kind: string;
  target: string;
  kinds: Record<Kind, string>;
  choose: string;
  noOptions: string;
  addTarget: string;
  removeTarget: string;
  addStep: string;
  removeStep: string;
  moveUp: string;
  moveDown: string;
};

const fill = (template: string, n: number) => template.replace("{n}", String(n));

function IconButton({
  label,
  className,
  ...props
}: {
  label: string;
  className?: string;
  disabled?: boolean;
  onClick: () => void;
  children: ReactNode;
}) {
  return (
    <Button
      variant="ghost"
      size="sm"
      className={cn("w-8 shrink-0 px-0 disabled:opacity-30", className)}
      aria-label={label}
      title={label}
      {...props}
    />
  );
}

// The ordered steps of a policy; submitted as one JSON field so the verb saves them in one go, and field errors
// (steps.<i>.targets.<j>) find their row because rows keep their order.
export function PolicyStepsEditor({
  initial,
  options,
  labels,
}: {
  initial: { delayMinutes: number; targets: { kind: Kind; id: string }[] }[];
  options: Record<Kind, Option[]>;
  labels: StepsEditorLabels;
}) {
  const prefix = useId();
  const keys = useRef(0);
  const fresh = () => keys.current++;
  const [steps, setSteps] = useState<Step[]>(() =>
    (initial.length ? initial : [{ delayMinutes: 0, targets: [{ kind: "user" as Kind, id: "" }] }]).map((s) => ({
      delayMinutes: String(s.delayMinutes),
      key: fresh(),
      targets: s.targets.map((t) => ({ ...t, key: fresh() })),
    })),
  );

  const update = (index: number, change: (step: Step) => Step) =>
    setSteps((current) => current.map((s, i) => (i === index ? change(s) : s)));
  const move = (index: number, by: number) =>
    setSteps((current) => {
      const next = [...current];
      const [step] = next.splice(index, 1);
      next.splice(index + by, 0, step);
      return next;
    });
  const defaultKind = (KINDS.find((k) => k === "schedule" && options.schedule.length) ?? "user") as Kind;

  const payload = JSON.stringify(
    steps.map((s) => ({
      delayMinutes: s.delayMinutes.trim() === "" ? 0 : Number(s.delayMinutes),
      targets: s.targets.map((t) => ({ kind: t.kind, id: t.id })),
    })),
  );

  return (
    <div className="space-y-3">
      <input type="hidden" name="steps" value={payload} />
      <ol className="space-y-3">
        {steps.map((step, i) => {
          const n = i + 1;
          const delayId = `${prefix}-delay-${step.key}`;
          return (
            <li
              key={step.key}
              className="rounded-md border border-zinc-200 bg-white p-3 dark:border-zinc-800 dark:bg-zinc-900"
              data-testid={`policy-step-${n}`}
              aria-label={fill(labels.step, n)}
            >
              <div className="mb-2 flex items-center gap-1">
                <span className="flex size-6 shrink-0 items-center justify-center rounded-full bg-brand-50 text-xs font-semibold text-brand-700 dark:bg-brand-900/40 dark:text-brand-300">
                  {n}
                </span>
                <span className="min-w-0 flex-1 truncate text-sm font-semibold">{fill(labels.step, n)}</span>
                <IconButton label={fill(labels.moveUp, n)} disabled={i === 0} onClick={() => move(i, -1)}>
                  <ArrowUp className="size-4" aria-hidden />
                </IconButton>
                <IconButton
                  label={fill(labels.moveDown, n)}
                  disabled={i === steps.length - 1}
                  onClick={() => move(i, 1)}
                >
                  <ArrowDown className="size-4" aria-hidden />
                </IconButton>
                <IconButton
                  label={fill(labels.removeStep, n)}
                  disabled={steps.length === 1}
                  onClick={() => setSteps((current) => current.filter((s) => s.key !== step.key))}
                  className="text-red-600 dark:text-red-400"
                >
                  <Trash2 className="size-4" aria-hidden />
                </IconButton>
              </div>
              <div className="flex flex-wrap items-center gap-2">
                <Input
                  id={delayId}
                  value={step.delayMinutes}
                  onChange={(e) => update(i, (s) => ({ ...s, delayMinutes: e.target.value }))}
                  inputMode="numeric"
                  className="w-20 text-center"
                  aria-describedby={`${delayId}-label`}
                />
                <Label id={`${delayId}-label`} htmlFor={delayId} className="mb-0 font-normal text-zinc-600">
                  {i === 0 ? labels.delayFirst : fill(labels.delayNext, i)}
                </Label>
              </div>
              <FieldError name={`steps.${i}.delayMinutes`} />
              <fieldset className="mt-3 min-w-0">
                <legend className="mb-1 text-sm font-medium text-zinc-700 dark:text-zinc-300">{labels.targets}</legend>
                <ul className="space-y-2">
                  {step.targets.map((target, j) => {
                    const list = options[target.kind];
                    return (
                      <li key={target.key}>
                        <div className="flex items-center gap-1.5">
                          <div className="grid min-w-0 flex-1 grid-cols-1 gap-1.5 sm:grid-cols-[12rem_1fr]">
                            <Select
                              aria-label={`${labels.kind} (${fill(labels.step, n)})`}
                              value={target.kind}
                              onChange={(e) =>
                                update(i, (s) => ({
                                  ...s,
                                  targets: s.targets.map((t) =>
                                    t.key === target.key ? { ...t, kind: e.target.value as Kind, id: "" } : t,
                                  ),
                                }))
                              }
                            >
                              {KINDS.map((k) => (
                                <option key={k} value={k}>
                                  {labels.kinds[k]}
                                </option>
                              ))}
                            </Select>
                            <Select
                              aria-label={`${labels.target} (${fill(labels.step, n)})`}
                              value={target.id}
                              onChange={(e) =>
                                update(i, (s) => ({
                                  ...s,
                                  targets: s.targets.map((t) =>
                                    t.key === target.key ? { ...t, id: e.target.value } : t,
                                  ),
                                }))
                              }
                            >
                              <option value="">{list.length ? labels.choose : labels.noOptions}</option>
                              {list.map((o) => (
                                <option key={o.id} value={o.id}>
                                  {o.detail ? `${o.name} (${o.detail})` : o.name}
                                </option>
                              ))}
                            </Select>
                          </div>
                          <IconButton
                            label={`${labels.removeTarget} (${fill(labels.step, n)})`}
                            disabled={step.targets.length === 1}
                            onClick={() =>
                              update(i, (s) => ({ ...s, targets: s.targets.filter((t) => t.key !== target.key) }))
                            }
                          >
                            <X className="size-4" aria-hidden />
                          </IconButton>
                        </div>
                        <FieldError name={`steps.${i}.targets.${j}`} />
                        <FieldError name={`steps.${i}.targets.${j}.id`} />
                        <FieldError name={`steps.${i}.targets.${j}.kind`} />
                      </li>
                    );
                  })}
                </ul>
                <FieldError name={`steps.${i}.targets`} />
                <Button
                  variant="ghost"
                  size="sm"
                  className="mt-1.5 px-2 text-brand-700 dark:text-brand-400"
                  onClick={() =>
                    update(i, (s) => ({ ...s, targets: [...s.targets, { kind: defaultKind, id: "", key: fresh() }] }))
                  }
                  disabled={step.targets.length >= 10}
                >
                  <Plus className="size-4" aria-hidden />
                  {labels.addTarget}
                </Button>
              </fieldset>
            </li>
          );
        })}
      </ol>
      <FieldError name="steps" />
      <Button
        variant="secondary"
        size="sm"
        disabled={steps.length >= 20}
        onClick={() =>
          setSteps((current) => [
            ...current,
            { delayMinutes: "10", key: fresh(), targets: [{ kind: defaultKind, id: "", key: fresh() }] },
          ])
        }
      >
        <Plus className="size-4" aria-hidden />
        {labels.addStep}
      </Button>
    </div>
  );
}
