import { getTranslations } from "next-intl/server";
import { FieldError } from "@/components/forms/action-form";
import { Input, Label, Select, Textarea } from "@/components/ui/input";
import { ASSET_KINDS, CRITICALITIES } from "@/db/schema";

type Option = { id: string; name: string };
type Values = {
  name?: string;
  description?: string;
  ownerTeamId?: string | null;
  criticality?: string;
  kind?: string;
  address?: string;
  serviceIds?: string[];
};

// The fields services and assets share, plus the asset-only ones when `asset` is set.
export async function CatalogFields({
  idPrefix,
  teams,
  services,
  values = {},
  asset = false,
}: {
  idPrefix: string;
  teams: Option[];
  services?: Option[];
  values?: Values;
  asset?: boolean;
}) {
  const t = await getTranslations("catalog");
  const tc = await getTranslations("criticality");
  const tk = await getTranslations("assetKinds");
  const id = (name: string) => `${idPrefix}-${name}`;
  return (
    <div className="grid gap-3">
      <div>
        <Label htmlFor={id("name")}>{t("name")}</Label>
        <Input id={id("name")} name="name" defaultValue={values.name} maxLength={120} required />
        <FieldError name="name" />
      </div>
      {asset ? (
        <div className="grid gap-3 sm:grid-cols-2">
          <div>
            <Label htmlFor={id("kind")}>{t("kind")}</Label>
            <Select id={id("kind")} name="kind" defaultValue={values.kind ?? "server"}>
              {ASSET_KINDS.map((k) => (
                <option key={k} value={k}>
                  {tk(k)}
                </option>
              ))}
            </Select>
            <FieldError name="kind" />
          </div>
          <div>
            <Label htmlFor={id("address")}>{t("address")}</Label>
            <Input
              id={id("address")}
              name="address"
              defaultValue={values.address}
              maxLength={255}
              placeholder="10.0.0.1"
            />
            <FieldError name="address" />
          </div>
        </div>
      ) : null}
      <div className="grid gap-3 sm:grid-cols-2">
        <div>
          <Label htmlFor={id("owner")}>{t("ownerTeam")}</Label>
          <Select id={id("owner")} name="ownerTeamId" defaultValue={values.ownerTeamId ?? ""}>
            <option value="">{t("noOwner")}</option>
            {teams.map((team) => (
              <option key={team.id} value={team.id}>
                {team.name}
              </option>
            ))}
          </Select>
          <FieldError name="ownerTeamId" />
        </div>
        <div>
          <Label htmlFor={id("criticality")}>{t("criticality")}</Label>
          <Select id={id("criticality")} name="criticality" defaultValue={values.criticality ?? "medium"}>
            {CRITICALITIES.map((c) => (
              <option key={c} value={c}>
                {tc(c)}
              </option>
            ))}
          </Select>
          <FieldError name="criticality" />
        </div>
      </div>
      {asset && services ? (
        <div>
          <Label htmlFor={id("services")}>{t("services")}</Label>
          <Select id={id("services")} name="serviceIds" multiple defaultValue={values.serviceIds ?? []}>
            {services.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </Select>
          <FieldError name="serviceIds" />
        </div>
      ) : null}
      <div>
        <Label htmlFor={id("description")}>{t("description")}</Label>
        <Textarea id={id("description")} name="description" defaultValue={values.description} maxLength={2000} />
        <FieldError name="description" />
      </div>
    </div>
  );
}
