"use client";

import { useFormStatus } from "react-dom";
import { buttonClasses } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";

// One big button; disabled while the confirm is on its way so a double tap sends one request.
export function ConfirmButton({ children, tone }: { children: React.ReactNode; tone: "acknowledge" | "resolve" }) {
  const { pending } = useFormStatus();
  return (
    <button
      type="submit"
      disabled={pending}
      aria-busy={pending}
      className={cn(
        buttonClasses("primary", "lg"),
        "h-14 w-full text-lg whitespace-normal",
        tone === "resolve" && "bg-emerald-600 hover:bg-emerald-700 disabled:bg-emerald-400",
      )}
    >
      {children}
    </button>
  );
}
