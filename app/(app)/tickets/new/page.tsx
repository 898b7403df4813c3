import { getTranslations } from "next-intl/server";
import { TicketCreateForm } from "@/components/tickets/ticket-create-form";
import { Card, CardBody } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requirePermission, userActor, userCtx } from "@/lib/auth/current-user";
import { can } from "@/lib/auth/permissions";
import { listAssets, listServices } from "@/lib/catalog/list";
import { listTeams } from "@/lib/teams/list";
import { listAssignableUsers } from "@/lib/users/names";

export async function generateMetadata() {
  return { title: (await getTranslations("ticket"))("createHeading") };
}

export default async function NewTicketPage() {
  const user = await requirePermission("tickets.work");
  const t = await getTranslations("ticket");
  const ctx = await userCtx(user);
  const [services, assets, teams, agents] = await Promise.all([
    listServices(ctx),
    listAssets(ctx),
    listTeams(ctx),
    listAssignableUsers(ctx),
  ]);
  return (
    <div className="mx-auto max-w-3xl">
      <PageHeader title={t("createHeading")} description={t("createDescription")} />
      <Card>
        <CardBody>
          <TicketCreateForm
            services={services}
            assets={assets}
            teams={teams}
            agents={agents}
            canMajor={can(userActor(user), "tickets.major")}
          />
        </CardBody>
      </Card>
    </div>
  );
}
