"use client";

import { BellRing } from "lucide-react";
import { useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import type { FormState } from "@/lib/form-state";

type State = "checking" | "unsupported" | "denied" | "off" | "on" | "working" | "error";

function applicationServerKey(base64url: string): Uint8Array<ArrayBuffer> {
  const base64 = base64url
    .replace(/-/g, "+")
    .replace(/_/g, "/")
    .padEnd(Math.ceil(base64url.length / 4) * 4, "=");
  const raw = atob(base64);
  const bytes = new Uint8Array(new ArrayBuffer(raw.length));
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  return bytes;
}

function isSupported() {
  return "serviceWorker" in navigator && "PushManager" in window && "Notification" in window;
}

// This browser's push state and the Enable button: registers /sw.js, asks for permission, subscribes with the
// server's VAPID key and hands the subscription to the server.
export function PushEnable({
  publicKey,
  knownEndpoints,
  subscribe,
}: {
  publicKey: string;
  knownEndpoints: string[];
  subscribe: (subscription: { endpoint: string; keys: { p256dh: string; auth: string } }) => Promise<FormState>;
}) {
  const t = useTranslations("notifySettings");
  const [state, setState] = useState<State>("checking");
  const [error, setError] = useState("");

  useEffect(() => {
    if (!isSupported()) return setState("unsupported");
    if (Notification.permission === "denied") return setState("denied");
    navigator.serviceWorker
      .register("/sw.js")
      .then((registration) => registration.pushManager.getSubscription())
      .then((subscription) => setState(subscription && knownEndpoints.includes(subscription.endpoint) ? "on" : "off"))
      .catch(() => setState("off"));
  }, [knownEndpoints]);

  async function enable() {
    setState("working");
    setError("");
    try {
      const permission = await Notification.requestPermission();
      if (permission !== "granted") return setState(permission === "denied" ? "denied" : "off");
      await navigator.serviceWorker.register("/sw.js");
      const registration = await navigator.serviceWorker.ready;
      const subscription =
        (await registration.pushManager.getSubscription()) ??
        (await registration.pushManager.subscribe({
          userVisibleOnly: true,
          applicationServerKey: applicationServerKey(publicKey),
        }));
      const json = subscription.toJSON() as { endpoint: string; keys: { p256dh: string; auth: string } };
      const result = await subscribe({ endpoint: json.endpoint, keys: json.keys });
      if (result.status === "ok") return setState("on");
      setError(result.message ?? "");
      setState("error");
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      setState("error");
    }
  }

  const canEnable = state === "off" || state === "error";
  return (
    <div className="space-y-3" data-testid="push-state" data-state={state}>
      <p className="flex items-start gap-2 text-sm break-keep" role="status">
        <BellRing
          className={
            state === "on" ? "mt-0.5 size-4 shrink-0 text-emerald-600" : "mt-0.5 size-4 shrink-0 text-zinc-400"
          }
          aria-hidden
        />
        <span>{state === "error" ? t("pushStates.error", { error }) : t(`pushStates.${state}`)}</span>
      </p>
      {canEnable || state === "working" ? (
        <Button onClick={enable} disabled={state === "working"} size="lg" className="w-full sm:w-auto">
          {t("enable")}
        </Button>
      ) : null}
    </div>
  );
}
