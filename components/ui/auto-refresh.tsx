"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";

// Re-renders the page's server components on an interval while the tab is visible, so new rows appear without a reload.
export function AutoRefresh({ seconds = 5 }: { seconds?: number }) {
  const router = useRouter();
  useEffect(() => {
    const timer = setInterval(() => {
      if (document.visibilityState === "visible") router.refresh();
    }, seconds * 1000);
    return () => clearInterval(timer);
  }, [router, seconds]);
  return null;
}
