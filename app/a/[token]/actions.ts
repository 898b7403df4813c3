"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { formString } from "@/lib/forms";
import { confirmActionLink } from "@/lib/notify/one-tap";

const TOKEN = /^[0-9a-f-]{36}\.[A-Za-z0-9_-]+$/;

// The confirm button's POST: the token authenticates, no session is needed; the pages show the outcome.
export async function confirmOneTapAction(form: FormData) {
  const token = formString(form, "token") ?? "";
  if (!TOKEN.test(token)) redirect("/a/invalid");
  const h = await headers();
  let target = `/a/${token}`;
  try {
    const result = await confirmActionLink(getDb(), token, {
      ip: h.get("x-forwarded-for")?.split(",")[0]?.trim() ?? null,
      userAgent: h.get("user-agent"),
    });
    if (result.outcome === "done" || result.outcome === "already") target = `/a/${token}/done`;
  } catch (error) {
    console.error(`[one-tap] confirm failed: ${error instanceof Error ? error.message : error}`);
    target = `/a/${token}?problem=1`;
  }
  redirect(target);
}
