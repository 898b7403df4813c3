import { ArrowDown, ArrowUp } from "lucide-react";
import { ActionForm, type FormState, SubmitButton } from "@/components/forms/action-form";

type Action = (state: FormState, form: FormData) => Promise<FormState>;

// One step up or down in an ordered list (routing rules, SLA policies): the row's id and the direction, posted.
export function MoveButton({
  action,
  idName,
  id,
  direction,
  label,
  disabled,
}: {
  action: Action;
  idName: string;
  id: string;
  direction: "up" | "down";
  label: string;
  disabled: boolean;
}) {
  const Icon = direction === "up" ? ArrowUp : ArrowDown;
  return (
    <ActionForm action={action}>
      <input type="hidden" name={idName} value={id} />
      <input type="hidden" name="direction" value={direction} />
      <SubmitButton
        variant="ghost"
        size="sm"
        className="w-8 px-0 disabled:opacity-30"
        aria-label={label}
        title={label}
        disabled={disabled}
      >
        <Icon className="size-4" aria-hidden />
      </SubmitButton>
    </ActionForm>
  );
}
