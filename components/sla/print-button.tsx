"use client";

import { Printer } from "lucide-react";
import { buttonClasses } from "@/components/ui/button";

export function PrintButton({ label }: { label: string }) {
  return (
    <button type="button" onClick={() => window.print()} className={buttonClasses("secondary", "sm")}>
      <Printer className="size-4" aria-hidden />
      {label}
    </button>
  );
}
