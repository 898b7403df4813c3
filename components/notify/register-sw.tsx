"use client";

import { useEffect } from "react";

// Registers the service worker (push notifications, the installable app); drop it into a page that needs it.
export function RegisterServiceWorker() {
  useEffect(() => {
    if (!("serviceWorker" in navigator)) return;
    navigator.serviceWorker.register("/sw.js").catch(() => {});
  }, []);
  return null;
}
