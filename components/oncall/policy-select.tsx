import { getTranslations } from "next-intl/server";
import { ActionForm, FieldError, type FormState, SubmitButton } from "@/components/forms/action-form";
import { Label, Select } from "@/components/ui/input";

type Action = (state: FormState, form: FormData) => Promise<FormState>;

// The "Escalation policy" select on a service's edit panel and a team's page; none falls back to the next rule.
export async function PolicySelect({
  action,
  subjectType,
  subjectId,
  policies,
  currentPolicyId,
  idPrefix,
}: {
  action: Action;
  subjectType: "service" | "team";
  subjectId: string;
  policies: { id: string; name: string; isDefault: boolean }[];
  currentPolicyId: string | null;
  idPrefix: string;
}) {
  const t = await getTranslations("escalationPolicies");
  const id = `${idPrefix}-escalation-policy`;
  return (
    <ActionForm action={action} resetOnSuccess={false} className="space-y-2" aria-label={t("select.label")}>
      <input type="hidden" name="subjectType" value={subjectType} />
      <input type="hidden" name="subjectId" value={subjectId} />
      <div>
        <Label htmlFor={id}>{t("select.label")}</Label>
        <Select id={id} name="policyId" defaultValue={currentPolicyId ?? ""}>
          <option value="">{t(subjectType === "team" ? "select.noneTeam" : "select.none")}</option>
          {policies.map((p) => (
            <option key={p.id} value={p.id}>
              {p.isDefault ? `${p.name} (${t("default")})` : p.name}
            </option>
          ))}
        </Select>
        <FieldError name="policyId" />
      </div>
      <SubmitButton variant="secondary" size="sm">
        {t("select.save")}
      </SubmitButton>
    </ActionForm>
  );
}
