import { ArrowLeft, ChevronLeft, ChevronRight, Layers, Plus, X } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getFormatter, getTranslations } from "next-intl/server";
import { EditDeleteForms } from "@/components/catalog/edit-delete-forms";
import { ActionForm, FieldError, SubmitButton } from "@/components/forms/action-form";
import { OrderedRow } from "@/components/forms/ordered-row";
import { ScheduleCalendar } from "@/components/oncall/schedule-calendar";
import { FeedControls } from "@/components/oncall/schedule-feed";
import { LayerFields, ScheduleFields } from "@/components/oncall/schedule-fields";
import { LayerSummary } from "@/components/oncall/schedule-layer-summary";
import { NowNext, SHORT_TIME } from "@/components/oncall/schedule-now-next";
import { PersonAvatar, personColors } from "@/components/oncall/schedule-person";
import { buttonClasses } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { Input, Label, Select } from "@/components/ui/input";
import { requirePermission, userActor, userCtx } from "@/lib/auth/current-user";
import { can } from "@/lib/auth/permissions";
import type { Ctx } from "@/lib/context";
import { toAppError } from "@/lib/errors";
import { getScheduleView } from "@/lib/oncall/schedule-views";
import { dateToLocalInput } from "@/lib/silences/form-input";
import { listTeams } from "@/lib/teams/list";
import { startOfDayIn } from "@/lib/time";
import { listAssignableUsers } from "@/lib/users/names";
import {
  addLayerAction,
  addOverrideAction,
  deleteLayerAction,
  deleteOverrideAction,
  deleteScheduleAction,
  issueFeedAction,
  moveLayerAction,
  revokeFeedAction,
  updateLayerAction,
  updateScheduleAction,
} from "../actions";

const DAYS_SHOWN = 14;
const DAY_TEXT = /^\d{4}-\d{2}-\d{2}$/;

function shiftDay(day: string, by: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + by * 86_400_000).toISOString().slice(0, 10);
}

type Props = { params: Promise<{ id: string }>; searchParams: Promise<{ from?: string }> };

async function loadView(ctx: Ctx, id: string, window: { from: Date; to: Date; now: Date }) {
  try {
    return await getScheduleView(ctx, id, window);
  } catch (error) {
    if (toAppError(error)?.code === "not_found") notFound();
    throw error;
  }
}

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("schedules"))("title") };
}

export default async function SchedulePage({ params, searchParams }: Props) {
  const { id } = await params;
  const { from: fromParam } = await searchParams;
  const user = await requirePermission("oncall.read");
  const timeZone = user.timezone;
  const now = new Date();
  const today = dateToLocalInput(now, timeZone).slice(0, 10);
  const first =
    fromParam && DAY_TEXT.test(fromParam) && !Number.isNaN(Date.parse(`${fromParam}T00:00:00Z`)) ? fromParam : today;
  const dayNames = Array.from({ length: DAYS_SHOWN + 1 }, (_, i) => shiftDay(first, i));
  const days = dayNames.map((d) => startOfDayIn(d, timeZone));
  const ctx = await userCtx(user);
  const view = await loadView(ctx, id, { from: days[0], to: days[DAYS_SHOWN], now });
  const { schedule, layers, overrides, timeline, onCall, people, usedBy } = view;
  const t = await getTranslations("schedules");
  const format = await getFormatter();
  const canManage = can(userActor(user), "oncall.schedules.manage");
  const [candidates, teams] = canManage ? await Promise.all([listAssignableUsers(ctx), listTeams(ctx)]) : [[], []];
  const colors = personColors([
    ...layers.flatMap((l) => l.members),
    ...overrides.map((o) => o.userId),
    ...timeline.final.map((s) => s.userId),
  ]);
  const nameOf = (userId: string) => people.get(userId)?.name ?? "?";
  const label = (day: string) =>
    format.dateTime(startOfDayIn(day, timeZone), { year: "numeric", month: "short", day: "numeric" });
  const nextHour = new Date(Math.ceil(now.getTime() / 3_600_000) * 3_600_000);
  const navLink = cn(buttonClasses("secondary", "sm"), "px-2");
  const scheduleIdField = <input type="hidden" name="scheduleId" value={schedule.id} />;
  const versionField = <input type="hidden" name="version" value={schedule.version} />;

  return (
    <div className="space-y-6">
      <div>
        <Link
          href="/oncall/schedules"
          className="mb-3 inline-flex items-center gap-1 text-sm text-brand-600 hover:underline dark:text-brand-400"
        >
          <ArrowLeft className="size-4" aria-hidden />
          {t("back")}
        </Link>
        <h1 className="text-xl font-semibold tracking-tight break-words sm:text-2xl">{schedule.name}</h1>
        <p className="mt-1 text-sm text-zinc-500 dark:text-zinc-400">
          {[schedule.timeZone, schedule.teamName, t("layerCount", { count: layers.length })]
            .filter(Boolean)
            .join(" · ")}
        </p>
        {schedule.description ? (
          <p className="mt-2 max-w-3xl text-sm whitespace-pre-line text-zinc-700 dark:text-zinc-300">
            {schedule.description}
          </p>
        ) : null}
        {canManage ? null : <p className="mt-2 text-sm text-zinc-500 dark:text-zinc-400">{t("readOnly")}</p>}
      </div>

      <Card>
        <CardBody>
          <NowNext onCall={onCall} people={people} colors={colors} isLarge />
        </CardBody>
      </Card>

      <Card aria-labelledby="calendar-title">
        <div className="flex flex-wrap items-center justify-between gap-3 border-b border-zinc-200 px-4 py-3 sm:px-5 dark:border-zinc-800">
          <div className="min-w-0">
            <h2 id="calendar-title" className="text-base font-semibold">
              {t("calendar")}
            </h2>
            <p className="text-sm text-zinc-500 dark:text-zinc-400" data-testid="calendar-range">
              {t("range", { from: label(first), to: label(shiftDay(first, DAYS_SHOWN - 1)) })}
            </p>
          </div>
          <nav className="flex items-center gap-1.5" aria-label={t("calendar")}>
            <Link
              href={`?from=${shiftDay(first, -DAYS_SHOWN)}`}
              className={navLink}
              aria-label={t("previous")}
              title={t("previous")}
            >
              <ChevronLeft className="size-4" aria-hidden />
            </Link>
            <Link href="?" className={buttonClasses("secondary", "sm")}>
              {t("today")}
            </Link>
            <Link
              href={`?from=${shiftDay(first, DAYS_SHOWN)}`}
              className={navLink}
              aria-label={t("following")}
              title={t("following")}
            >
              <ChevronRight className="size-4" aria-hidden />
            </Link>
          </nav>
        </div>
        <CardBody>
          <p className="mb-3 text-xs text-zinc-500 dark:text-zinc-400">{t("calendarHint", { timeZone })}</p>
          <ScheduleCalendar
            days={days}
            timeline={timeline}
            layers={layers.map((l) => ({ id: l.id, name: l.name }))}
            people={people}
            colors={colors}
            now={now}
          />
        </CardBody>
      </Card>

      <div className="grid grid-cols-1 gap-6 lg:grid-cols-[minmax(0,1fr)_24rem]">
        <Card className="min-w-0 self-start">
          <CardHeader title={t("layers")} description={t("layersHint")} />
          {layers.length === 0 ? (
            <div className="flex items-center gap-3 px-4 py-6 text-sm text-zinc-500 sm:px-5 dark:text-zinc-400">
              <Layers className="size-5 shrink-0" aria-hidden />
              {t("noLayers")}
            </div>
          ) : (
            <ol className="divide-y divide-zinc-100 dark:divide-zinc-800" aria-label={t("layers")}>
              {layers.map((layer, index) =>
                canManage ? (
                  <OrderedRow
                    key={layer.id}
                    testId="layer"
                    label={layer.name}
                    idName="layerId"
                    id={layer.id}
                    index={index}
                    count={layers.length}
                    moveAction={moveLayerAction}
                    moveLabels={{ up: t("moveUp", { name: layer.name }), down: t("moveDown", { name: layer.name }) }}
                    summary={<LayerSummary layer={layer} people={people} colors={colors} />}
                  >
                    <EditDeleteForms
                      idName="layerId"
                      id={layer.id}
                      updateAction={updateLayerAction}
                      deleteAction={deleteLayerAction}
                      deleteConfirm={t("deleteLayerConfirm", { name: layer.name })}
                      fields={
                        <>
                          {scheduleIdField}
                          {versionField}
                          <LayerFields
                            idPrefix={`layer-${layer.id}`}
                            timeZone={schedule.timeZone}
                            candidates={candidates}
                            values={layer}
                          />
                        </>
                      }
                    />
                  </OrderedRow>
                ) : (
                  <li key={layer.id} className="px-4 py-3 sm:px-5" data-testid={`layer-${layer.id}`}>
                    <LayerSummary layer={layer} people={people} colors={colors} />
                  </li>
                ),
              )}
            </ol>
          )}
          {canManage ? (
            <details className="group border-t border-zinc-200 dark:border-zinc-800" open={layers.length === 0}>
              <summary className="flex cursor-pointer list-none items-center gap-2 px-4 py-3 text-sm font-medium text-brand-600 sm:px-5 dark:text-brand-400 [&::-webkit-details-marker]:hidden">
                <Plus className="size-4" aria-hidden />
                {t("addLayer")}
              </summary>
              <div className="px-4 pb-4 sm:px-5">
                <ActionForm
                  action={addLayerAction}
                  className="space-y-4"
                  aria-label={t("addLayer")}
                  key={layers.length}
                >
                  {scheduleIdField}
                  <LayerFields
                    idPrefix="new-layer"
                    isNew
                    timeZone={schedule.timeZone}
                    candidates={candidates}
                    values={{
                      name: t("layerNameDefault", { number: layers.length + 1 }),
                      rotationKind: "weekly",
                      startsAt: `${dateToLocalInput(now, schedule.timeZone).slice(0, 10)}T09:00`,
                      restrictions: [],
                      members: [],
                    }}
                  />
                  <SubmitButton>{t("addLayer")}</SubmitButton>
                </ActionForm>
              </div>
            </details>
          ) : null}
        </Card>

        <div className="min-w-0 space-y-6">
          <Card>
            <CardHeader title={t("overrides")} description={t("overridesHint")} />
            {overrides.length === 0 ? (
              <p className="px-4 py-4 text-sm text-zinc-500 sm:px-5 dark:text-zinc-400">{t("noOverrides")}</p>
            ) : (
              <ul className="divide-y divide-zinc-100 dark:divide-zinc-800" aria-label={t("overrides")}>
                {overrides.map((o) => (
                  <li key={o.id} className="flex items-start gap-3 px-4 py-3 sm:px-5" data-testid="override-row">
                    <PersonAvatar name={nameOf(o.userId)} color={colors.get(o.userId)} />
                    <div className="min-w-0 flex-1">
                      <p className="truncate text-sm font-medium">{nameOf(o.userId)}</p>
                      <p className="text-xs text-zinc-500 tabular-nums dark:text-zinc-400">
                        {format.dateTime(o.startsAt, SHORT_TIME)} – {format.dateTime(o.endsAt, SHORT_TIME)}
                      </p>
                      {o.note ? (
                        <p className="mt-0.5 text-xs break-words text-zinc-600 dark:text-zinc-300">{o.note}</p>
                      ) : null}
                    </div>
                    {canManage ? (
                      <ActionForm
                        action={deleteOverrideAction}
                        confirm={t("deleteOverrideConfirm", { name: nameOf(o.userId) })}
                      >
                        {scheduleIdField}
                        <input type="hidden" name="overrideId" value={o.id} />
                        <SubmitButton
                          variant="ghost"
                          size="sm"
                          className="w-8 px-0"
                          aria-label={t("deleteOverride", { name: nameOf(o.userId) })}
                          title={t("deleteOverride", { name: nameOf(o.userId) })}
                        >
                          <X className="size-4" aria-hidden />
                        </SubmitButton>
                      </ActionForm>
                    ) : null}
                  </li>
                ))}
              </ul>
            )}
            {canManage ? (
              <div className="border-t border-zinc-200 px-4 py-4 sm:px-5 dark:border-zinc-800">
                <h3 className="mb-3 text-sm font-semibold">{t("addOverride")}</h3>
                <ActionForm action={addOverrideAction} className="space-y-3" aria-label={t("addOverride")}>
                  {scheduleIdField}
                  <div>
                    <Label htmlFor="override-user">{t("overrideUser")}</Label>
                    <Select id="override-user" name="userId" defaultValue="">
                      <option value="">{t("chooseMember")}</option>
                      {candidates.map((c) => (
                        <option key={c.id} value={c.id}>
                          {c.name}
                        </option>
                      ))}
                    </Select>
                    <FieldError name="userId" />
                  </div>
                  <div className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-1">
                    <div>
                      <Label htmlFor="override-from">{t("overrideFrom")}</Label>
                      <Input
                        id="override-from"
                        type="datetime-local"
                        name="startsAt"
                        defaultValue={dateToLocalInput(nextHour, timeZone)}
                      />
                      <FieldError name="startsAt" />
                    </div>
                    <div>
                      <Label htmlFor="override-to">{t("overrideTo")}</Label>
                      <Input
                        id="override-to"
                        type="datetime-local"
                        name="endsAt"
                        defaultValue={dateToLocalInput(new Date(nextHour.getTime() + 86_400_000), timeZone)}
                      />
                      <FieldError name="endsAt" />
                    </div>
                  </div>
                  <p className="text-xs text-zinc-500 dark:text-zinc-400">{t("overrideTimesHint", { timeZone })}</p>
                  <div>
                    <Label htmlFor="override-note">{t("note")}</Label>
                    <Input id="override-note" name="note" maxLength={500} />
                    <FieldError name="note" />
                  </div>
                  <SubmitButton className="w-full sm:w-auto lg:w-full">{t("addOverride")}</SubmitButton>
                </ActionForm>
              </div>
            ) : null}
          </Card>

          <Card>
            <CardHeader title={t("feed")} />
            <CardBody className="space-y-3">
              <p className="text-sm break-words text-zinc-600 dark:text-zinc-300">{t("feedHint")}</p>
              {canManage ? (
                <FeedControls
                  scheduleId={schedule.id}
                  viewerId={user.id}
                  hasFeed={schedule.hasFeed}
                  issueAction={issueFeedAction}
                  revokeAction={revokeFeedAction}
                />
              ) : (
                <p className="text-sm text-zinc-500 dark:text-zinc-400">
                  {schedule.hasFeed ? t("feedReaderActive") : t("feedNone")}
                </p>
              )}
            </CardBody>
          </Card>

          {canManage ? (
            <Card>
              <CardHeader title={t("settings")} />
              <CardBody>
                {usedBy.length ? (
                  <p className="mb-3 text-sm text-amber-700 dark:text-amber-400">
                    {t("usedBy", { names: usedBy.join(", ") })}
                  </p>
                ) : null}
                <EditDeleteForms
                  idName="scheduleId"
                  id={schedule.id}
                  updateAction={updateScheduleAction}
                  deleteAction={deleteScheduleAction}
                  deleteConfirm={t("deleteConfirm", { name: schedule.name })}
                  fields={
                    <>
                      {versionField}
                      <ScheduleFields
                        idPrefix="schedule"
                        values={schedule}
                        teams={teams.map((team) => ({ id: team.id, name: team.name }))}
                      />
                    </>
                  }
                />
              </CardBody>
            </Card>
          ) : null}
        </div>
      </div>
    </div>
  );
}
