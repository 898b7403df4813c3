import { ArrowLeft } from "lucide-react";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { ActionForm, FieldError, SubmitButton } from "@/components/forms/action-form";
import { PolicySelect } from "@/components/oncall/policy-select";
import { Badge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Input, Label, Select, Textarea } from "@/components/ui/input";
import { PageHeader } from "@/components/ui/page-header";
import { AwayToggle } from "@/components/users/away-toggle";
import { ASSIGNMENT_STRATEGIES } from "@/db/schema";
import { requirePermission, userActor, userCtx } from "@/lib/auth/current-user";
import { can } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { listPolicyChoices, policyLinksFor } from "@/lib/oncall/policies";
import { getTeam } from "@/lib/teams/list";
import { listActiveUserChoices } from "@/lib/users/list";
import { linkPolicyAction } from "../../oncall/policies/actions";
import {
  addMemberAction,
  deleteTeamAction,
  removeMemberAction,
  setAssignmentStrategyAction,
  setMemberAwayAction,
  updateTeamAction,
} from "../actions";

export default async function TeamPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requirePermission("teams.read");
  const t = await getTranslations("teams");
  const tc = await getTranslations("common");
  const ctx = await userCtx(user);
  const team = await getTeam(ctx, id).catch((error) => {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  });
  const canManage = can(userActor(user), "teams.manage");
  const canLinkPolicies = can(userActor(user), "oncall.policies.manage");
  const te = await getTranslations("escalationPolicies");
  const [policies, links] = await Promise.all([listPolicyChoices(ctx), policyLinksFor(ctx, "team")]);
  const teamPolicyId = links.get(team.id) ?? null;
  const memberIds = new Set(team.members.map((m) => m.userId));
  const choices = canManage ? (await listActiveUserChoices(ctx)).filter((u) => !memberIds.has(u.id)) : [];

  return (
    <>
      <Link
        href="/teams"
        className="mb-3 inline-flex items-center gap-1 text-sm text-zinc-500 hover:text-zinc-800 dark:hover:text-zinc-200"
      >
        <ArrowLeft className="size-4" aria-hidden />
        {t("title")}
      </Link>
      <PageHeader title={team.name} description={team.description || undefined} />
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-[1fr_20rem]">
        <Card className="self-start">
          <CardHeader title={t("memberList")} description={t("members", { count: team.members.length })} />
          {team.members.length === 0 ? (
            <EmptyState title={t("noMembers")} />
          ) : (
            <ul className="divide-y divide-zinc-100 dark:divide-zinc-800">
              {team.members.map((m) => (
                <li key={m.userId} className="flex flex-wrap items-center gap-x-3 gap-y-2 px-4 py-3 sm:px-5">
                  <div className="min-w-48 flex-1">
                    <p className="flex flex-wrap items-center gap-x-2 gap-y-1">
                      <span className="font-medium break-words">{m.name}</span>
                      {m.role === "lead" ? <Badge tone="brand">{t("lead")}</Badge> : null}
                      {m.isAway ? <Badge tone="amber">{t("away")}</Badge> : null}
                      {!m.isActive ? <Badge tone="neutral">{tc("inactive")}</Badge> : null}
                    </p>
                    <p className="truncate text-sm text-zinc-500">{m.email}</p>
                  </div>
                  {canManage ? (
                    <div className="flex items-center gap-2">
                      <AwayToggle
                        action={setMemberAwayAction}
                        userId={m.userId}
                        isAway={m.isAway}
                        label={t("awayToggle", { name: m.name })}
                        text={t("awaySwitch")}
                      />
                      <ActionForm action={removeMemberAction} showSuccess={false}>
                        <input type="hidden" name="teamId" value={team.id} />
                        <input type="hidden" name="userId" value={m.userId} />
                        <SubmitButton variant="ghost" size="sm" aria-label={t("removeMember", { name: m.name })}>
                          {tc("remove")}
                        </SubmitButton>
                      </ActionForm>
                    </div>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
        </Card>
        <div className="space-y-6">
          <Card>
            <CardHeader title={t("assignment")} />
            <CardBody className="space-y-3">
              {canManage ? (
                <ActionForm
                  action={setAssignmentStrategyAction}
                  resetOnSuccess={false}
                  className="space-y-3"
                  aria-label={t("assignment")}
                >
                  <input type="hidden" name="teamId" value={team.id} />
                  <div>
                    <Label htmlFor="team-strategy">{t("strategy")}</Label>
                    <Select
                      id="team-strategy"
                      name="strategy"
                      defaultValue={team.assignmentStrategy}
                      aria-describedby="team-strategy-help"
                    >
                      {ASSIGNMENT_STRATEGIES.map((strategy) => (
                        <option key={strategy} value={strategy}>
                          {t(`strategies.${strategy}`)}
                        </option>
                      ))}
                    </Select>
                    <FieldError name="strategy" />
                  </div>
                  <SubmitButton className="w-full">{tc("save")}</SubmitButton>
                </ActionForm>
              ) : (
                <p className="text-sm">
                  <span className="text-zinc-500 dark:text-zinc-400">{t("strategy")}: </span>
                  <span className="font-medium">{t(`strategies.${team.assignmentStrategy}`)}</span>
                </p>
              )}
              <dl id="team-strategy-help" className="space-y-2 text-sm break-keep">
                {ASSIGNMENT_STRATEGIES.map((strategy) => (
                  <div key={strategy}>
                    <dt className="font-medium">{t(`strategies.${strategy}`)}</dt>
                    <dd className="text-zinc-500 dark:text-zinc-400">{t(`strategyHelp.${strategy}`)}</dd>
                  </div>
                ))}
              </dl>
            </CardBody>
          </Card>
          <Card>
            <CardHeader title={te("select.label")} />
            <CardBody>
              {canLinkPolicies ? (
                <PolicySelect
                  action={linkPolicyAction}
                  subjectType="team"
                  subjectId={team.id}
                  policies={policies}
                  currentPolicyId={teamPolicyId}
                  idPrefix="team"
                />
              ) : (
                <p className="text-sm">
                  {teamPolicyId ? (policies.find((p) => p.id === teamPolicyId)?.name ?? "—") : te("select.inherited")}
                </p>
              )}
            </CardBody>
          </Card>
          {canManage ? (
            <>
              <Card>
                <CardHeader title={t("addMember")} />
                <CardBody>
                  <ActionForm action={addMemberAction} className="space-y-3" aria-label={t("addMember")}>
                    <input type="hidden" name="teamId" value={team.id} />
                    <div>
                      <Label htmlFor="member-user">{t("user")}</Label>
                      <Select id="member-user" name="userId" defaultValue="">
                        <option value="" disabled>
                          {t("chooseUser")}
                        </option>
                        {choices.map((u) => (
                          <option key={u.id} value={u.id}>
                            {u.name} ({u.email})
                          </option>
                        ))}
                      </Select>
                      <FieldError name="userId" />
                    </div>
                    <div>
                      <Label htmlFor="member-role">{t("memberRole")}</Label>
                      <Select id="member-role" name="role" defaultValue="member">
                        <option value="member">{t("member")}</option>
                        <option value="lead">{t("lead")}</option>
                      </Select>
                    </div>
                    <SubmitButton className="w-full">{t("add")}</SubmitButton>
                  </ActionForm>
                </CardBody>
              </Card>
              <Card>
                <CardHeader title={t("edit")} />
                <CardBody>
                  <ActionForm
                    action={updateTeamAction}
                    resetOnSuccess={false}
                    className="space-y-3"
                    aria-label={t("edit")}
                  >
                    <input type="hidden" name="teamId" value={team.id} />
                    <div>
                      <Label htmlFor="edit-name">{t("name")}</Label>
                      <Input id="edit-name" name="name" defaultValue={team.name} maxLength={100} />
                      <FieldError name="name" />
                    </div>
                    <div>
                      <Label htmlFor="edit-description">{t("descriptionLabel")}</Label>
                      <Textarea id="edit-description" name="description" defaultValue={team.description} />
                    </div>
                    <SubmitButton className="w-full">{tc("save")}</SubmitButton>
                  </ActionForm>
                  <ActionForm
                    action={deleteTeamAction}
                    confirm={t("deleteConfirm")}
                    className="mt-4 border-t border-zinc-100 pt-4 dark:border-zinc-800"
                  >
                    <input type="hidden" name="teamId" value={team.id} />
                    <SubmitButton variant="danger-outline" className="w-full">
                      {t("delete")}
                    </SubmitButton>
                  </ActionForm>
                </CardBody>
              </Card>
            </>
          ) : null}
        </div>
      </div>
    </>
  );
}
