// Watchdesk service worker: shows pushed incident notifications and opens the right page when one is tapped.
// Payload (lib/notify/message.ts pushPayload): { title, body, tag, url, actions: [{ action, title, url }], ticket }.

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

self.addEventListener("push", (event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch {
    data = { title: "Watchdesk", body: event.data ? event.data.text() : "" };
  }
  const actions = Array.isArray(data.actions) ? data.actions : [];
  const isUrgent = data.ticket && data.ticket.priority === "P1";
  event.waitUntil(
    self.registration.showNotification(data.title || "Watchdesk", {
      body: data.body || "",
      tag: data.tag || undefined,
      renotify: Boolean(data.tag),
      data,
      icon: "/icons/icon-192.png",
      badge: "/icons/badge-96.png",
      actions: actions.slice(0, 2).map((a) => ({ action: a.action, title: a.title })),
      requireInteraction: Boolean(isUrgent),
    }),
  );
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const data = event.notification.data || {};
  const actions = Array.isArray(data.actions) ? data.actions : [];
  const chosen = actions.find((a) => a.action === event.action);
  // "ack" opens the one-tap link, which shows its confirm page; the body or "open" opens the incident.
  const target = new URL(chosen?.url || data.url || "/oncall", self.location.origin);
  event.waitUntil(openOrFocus(target));
});

async function openOrFocus(target) {
  const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
  if (target.origin === self.location.origin) {
    const same = windows.find((w) => new URL(w.url).origin === self.location.origin);
    if (same) {
      const focused = await same.focus();
      if ("navigate" in focused) return focused.navigate(target.href);
      return focused;
    }
  }
  return self.clients.openWindow(target.href);
}
