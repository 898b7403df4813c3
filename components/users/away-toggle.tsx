"use client";

import { ActionForm, type FormState, useFormState } from "@/components/forms/action-form";
import { cn } from "@/components/ui/cn";

type Action = (state: FormState, form: FormData) => Promise<FormState>;

function Switch({ isOn, label, text }: { isOn: boolean; label: string; text?: string }) {
  const { isPending } = useFormState();
  return (
    <button
      type="submit"
      role="switch"
      aria-checked={isOn}
      aria-label={label}
      aria-busy={isPending}
      disabled={isPending}
      className="inline-flex min-h-9 shrink-0 items-center gap-2 rounded-md text-sm text-zinc-700 disabled:opacity-60 dark:text-zinc-300"
    >
      <span
        aria-hidden
        className={cn(
          "relative inline-flex h-6 w-11 shrink-0 rounded-full transition-colors",
          isOn ? "bg-amber-500" : "bg-zinc-300 dark:bg-zinc-700",
        )}
      >
        <span
          className={cn(
            "absolute top-0.5 left-0.5 size-5 rounded-full bg-white shadow transition-transform",
            isOn && "translate-x-5",
          )}
        />
      </span>
      {text ? <span>{text}</span> : null}
    </button>
  );
}

// A switch that saves as soon as it is flipped: the form carries the opposite of the current state.
export function AwayToggle({
  action,
  userId,
  isAway,
  label,
  text,
}: {
  action: Action;
  userId: string;
  isAway: boolean;
  label: string;
  text?: string;
}) {
  return (
    <ActionForm action={action} showSuccess={false}>
      <input type="hidden" name="userId" value={userId} />
      <input type="hidden" name="isAway" value={isAway ? "false" : "true"} />
      <Switch isOn={isAway} label={label} text={text} />
    </ActionForm>
  );
}
