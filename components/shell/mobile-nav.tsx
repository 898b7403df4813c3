"use client";

import { type ReactNode, useEffect, useState } from "react";
import { createPortal } from "react-dom";
import { Logo } from "./logo";
import { NavLinks, type NavSection } from "./nav";

// Portalled to <body>: the header's backdrop blur would otherwise become the drawer's containing block.
export function MobileNav({
  sections,
  labels,
  icons,
}: {
  sections: NavSection[];
  labels: { openMenu: string; menu: string; closeMenu: string };
  icons: { open: ReactNode; close: ReactNode };
}) {
  const [isOpen, setOpen] = useState(false);

  useEffect(() => {
    if (!isOpen) return;
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && setOpen(false);
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [isOpen]);

  return (
    <>
      <button
        type="button"
        onClick={() => setOpen(true)}
        className="-ml-2 inline-flex size-10 items-center justify-center rounded-md text-zinc-700 hover:bg-zinc-100 lg:hidden dark:text-zinc-300 dark:hover:bg-zinc-800"
        aria-label={labels.openMenu}
        aria-expanded={isOpen}
      >
        {icons.open}
      </button>
      {isOpen
        ? createPortal(
            <div className="fixed inset-0 z-40 lg:hidden" role="dialog" aria-modal="true" aria-label={labels.menu}>
              <button
                type="button"
                className="absolute inset-0 bg-zinc-950/40"
                aria-label={labels.closeMenu}
                onClick={() => setOpen(false)}
              />
              <div className="absolute inset-y-0 left-0 flex w-72 max-w-[85vw] flex-col bg-white p-4 shadow-xl dark:bg-zinc-900">
                <div className="mb-6 flex items-center justify-between">
                  <Logo />
                  <button
                    type="button"
                    onClick={() => setOpen(false)}
                    className="inline-flex size-10 items-center justify-center rounded-md hover:bg-zinc-100 dark:hover:bg-zinc-800"
                    aria-label={labels.closeMenu}
                  >
                    {icons.close}
                  </button>
                </div>
                <div className="overflow-y-auto">
                  <NavLinks sections={sections} onNavigate={() => setOpen(false)} />
                </div>
              </div>
            </div>,
            document.body,
          )
        : null}
    </>
  );
}
