import { getTranslations } from "next-intl/server";
import { type AppError, toAppError } from "@/lib/errors";
import type { FormState } from "@/lib/form-state";
import { translateValidation } from "@/lib/i18n/validation";

export type { FormState };

export const IDLE: FormState = { status: "idle" };

// Runs a server action's verb and turns its outcome into translated form state; unexpected errors are logged, not shown.
export async function runFormAction(
  fn: () => Promise<{ message?: string; data?: Record<string, string> } | undefined>,
): Promise<FormState> {
  const t = await getTranslations("errors");
  try {
    const result = (await fn()) ?? {};
    return { status: "ok", message: result.message, data: result.data, at: Date.now() };
  } catch (error) {
    if ((error as { digest?: string })?.digest?.startsWith("NEXT_")) throw error;
    const appError = toAppError(error);
    if (!appError) {
      console.error(error);
      return { status: "error", message: t("internal"), at: Date.now() };
    }
    return {
      status: "error",
      message:
        appError.code === "invalid" && appError.details?.fields ? t("invalid") : await translateMessage(appError),
      fields: appError.details?.fields
        ? Object.fromEntries(
            await Promise.all(
              Object.entries(appError.details.fields).map(
                async ([k, v]) => [k, await translateValidation(v[0])] as const,
              ),
            ),
          )
        : undefined,
      at: Date.now(),
    };
  }
}

async function translateMessage(error: AppError): Promise<string> {
  const translated = await translateValidation(error.message);
  if (translated !== error.message) return translated;
  const t = await getTranslations("errors");
  return error.code === "forbidden" ? t("forbidden") : error.message;
}

export function formString(form: FormData, name: string): string | undefined {
  const value = form.get(name);
  return typeof value === "string" ? value : undefined;
}

// Form numbers arrive as text: empty means "not given" (the verb's default), a non-number is left for the verb to refuse.
export function formNumber<T>(form: FormData, name: string, empty: T): number | T {
  const raw = formString(form, name)?.trim();
  if (!raw) return empty;
  const n = Number(raw);
  return Number.isFinite(n) ? n : (raw as unknown as number);
}

type FormVerb<I> = (ctx: import("@/lib/context").Ctx, input: I) => Promise<unknown>;

// The shape every settings/admin form action shares: signed-in user → verb → revalidate → translated message.
export function userFormAction<I>(options: {
  verb: FormVerb<I>;
  input: (form: FormData) => I;
  revalidate: string[] | ((form: FormData) => string[]);
  message?: { namespace: string; key: string };
  redirectTo?: string;
}) {
  return async (_: FormState, form: FormData): Promise<FormState> => {
    const { requireUser, userCtx } = await import("@/lib/auth/current-user");
    const { revalidatePath } = await import("next/cache");
    const user = await requireUser();
    const state = await runFormAction(async () => {
      await options.verb(await userCtx(user), options.input(form));
      const paths = typeof options.revalidate === "function" ? options.revalidate(form) : options.revalidate;
      for (const path of paths) revalidatePath(path);
      if (!options.message) return;
      const t = await getTranslations(options.message.namespace);
      return { message: t(options.message.key) };
    });
    if (state.status === "ok" && options.redirectTo) {
      const { redirect } = await import("next/navigation");
      redirect(options.redirectTo);
    }
    return state;
  };
}
