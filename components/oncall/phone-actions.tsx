import { ArrowUpCircle, CheckCircle2, CircleCheckBig } from "lucide-react";
import { getTranslations } from "next-intl/server";
import type { ComponentProps } from "react";
import * as Client from "./incident-actions";

// biome-ignore lint/suspicious/noExplicitAny: any component
type Without<C extends React.JSXElementConstructor<any>> = Omit<ComponentProps<C>, "labels" | "icon">;
const RESOLUTION_CODES = ["fixed", "workaround", "no_fault_found"] as const;

// The phone pages' action forms with their words and icons rendered here on the server.
export async function AcknowledgeButton(props: Without<typeof Client.AcknowledgeButton>) {
  const t = await getTranslations("phone");
  return (
    <Client.AcknowledgeButton
      {...props}
      labels={{ acknowledge: t("acknowledge") }}
      icon={<CheckCircle2 className="size-5" aria-hidden />}
    />
  );
}

export async function EscalateButton(props: Without<typeof Client.EscalateButton>) {
  const t = await getTranslations("phone");
  return (
    <Client.EscalateButton
      {...props}
      labels={{ escalate: t("escalate"), escalateConfirm: t("escalateConfirm", { number: props.number }) }}
      icon={<ArrowUpCircle className="size-5" aria-hidden />}
    />
  );
}

export async function ResolveSheet(props: Without<typeof Client.ResolveSheet>) {
  const t = await getTranslations("phone");
  return (
    <Client.ResolveSheet
      {...props}
      labels={{
        resolve: t("resolve"),
        resolutionCode: t("resolutionCode"),
        codes: RESOLUTION_CODES.map((value) => ({ value, label: t(`code.${value}`) })),
        resolutionNote: t("resolutionNote"),
        resolutionNotePlaceholder: t("resolutionNotePlaceholder"),
        cancel: t("cancel"),
        resolveConfirm: t("resolveConfirm"),
      }}
      icon={<CircleCheckBig className="size-5" aria-hidden />}
    />
  );
}

export async function NoteForm(props: Without<typeof Client.NoteForm>) {
  const t = await getTranslations("phone");
  return (
    <Client.NoteForm
      {...props}
      labels={{ addNote: t("addNote"), notePlaceholder: t("notePlaceholder"), saveNote: t("saveNote") }}
    />
  );
}
