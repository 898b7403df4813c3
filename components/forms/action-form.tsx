"use client";

import {
  createContext,
  type FormEvent,
  type ReactNode,
  startTransition,
  useActionState,
  useContext,
  useEffect,
  useRef,
} from "react";
import { Button, type ButtonProps } from "@/components/ui/button";

import type { FormState } from "@/lib/form-state";

export type { FormState };

type Action = (state: FormState, form: FormData) => Promise<FormState>;

const FormContext = createContext<{ state: FormState; isPending: boolean }>({
  state: { status: "idle" },
  isPending: false,
});

export function useFormState() {
  return useContext(FormContext);
}

// Submits through a transition rather than <form action>, so React does not clear what the user typed when the server refuses it.
export function ActionForm({
  action,
  children,
  className,
  resetOnSuccess = true,
  confirm,
  onSuccess,
  showSuccess = true,
  ...rest
}: {
  action: Action;
  children: ReactNode;
  className?: string;
  resetOnSuccess?: boolean;
  confirm?: string;
  onSuccess?: (state: FormState) => void;
  showSuccess?: boolean;
  "aria-label"?: string;
}) {
  const [state, dispatch, isPending] = useActionState(action, { status: "idle" });
  const ref = useRef<HTMLFormElement>(null);
  const onSuccessRef = useRef(onSuccess);
  onSuccessRef.current = onSuccess;

  // Runs once per answer: callers pass inline callbacks, which must not re-fire on every render.
  useEffect(() => {
    if (state.status === "ok") {
      if (resetOnSuccess) ref.current?.reset();
      onSuccessRef.current?.(state);
    }
  }, [state, resetOnSuccess]);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (confirm && !window.confirm(confirm)) return;
    const data = new FormData(event.currentTarget);
    startTransition(() => dispatch(data));
  }

  return (
    <FormContext.Provider value={{ state, isPending }}>
      <form ref={ref} onSubmit={onSubmit} className={className} noValidate aria-label={rest["aria-label"]}>
        {children}
        <FormMessage />
      </form>
    </FormContext.Provider>
  );
}

function FormMessage() {
  const { state } = useFormState();
  if (state.status === "error" && state.message) {
    return (
      <p
        role="alert"
        className="mt-3 rounded-md bg-red-50 px-3 py-2 text-sm text-red-700 dark:bg-red-950 dark:text-red-300"
      >
        {state.message}
      </p>
    );
  }
  if (state.status === "ok" && state.message) {
    return (
      <p
        role="status"
        className="mt-3 rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-700 dark:bg-emerald-950 dark:text-emerald-300"
      >
        {state.message}
      </p>
    );
  }
  return null;
}

export function FieldError({ name }: { name: string }) {
  const { state } = useFormState();
  const message = state.status === "error" ? state.fields?.[name] : undefined;
  if (!message) return null;
  return (
    <p id={`${name}-error`} className="mt-1 text-xs text-red-600 dark:text-red-400">
      {message}
    </p>
  );
}

export function SubmitButton({ children, ...props }: ButtonProps) {
  const { isPending } = useFormState();
  return (
    <Button type="submit" disabled={isPending || props.disabled} aria-busy={isPending} {...props}>
      {children}
    </Button>
  );
}
