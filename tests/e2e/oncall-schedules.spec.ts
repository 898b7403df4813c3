import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { createTestSchedule } from "@/tests/factories/oncall-schedules";
import { makeUser, shoot, signIn } from "./support";

const suffix = () => randomBytes(3).toString("hex");

// The first hand-off three days ago at 09:00 Seoul time: the first person is on call now and for days to come.
function threeDaysAgoAtNine() {
  const seoulToday = new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 10);
  return `${new Date(Date.parse(`${seoulToday}T00:00:00Z`) - 3 * 86_400_000).toISOString().slice(0, 10)}T09:00`;
}

const CASES = [
  {
    locale: "en",
    newSchedule: "New schedule",
    name: "Name",
    create: "Create schedule",
    firstHandOff: "First hand-off",
    chooseMember: "Choose a person…",
    add: "Add",
    addLayer: "Add a layer",
    layers: "Layers",
    onlyTimes: "Only during these times",
    always: "Around the clock",
    layerName: "Layer 1",
    who: "Who",
    addOverride: "Add override",
    overrideAdded: "Override added.",
    overlaps: "This overlaps the override for",
    createFeed: "Create feed address",
    override: "Override",
  },
  {
    locale: "ko",
    newSchedule: "새 일정",
    name: "이름",
    create: "일정 만들기",
    firstHandOff: "첫 교대 시각",
    chooseMember: "담당자 선택…",
    add: "추가",
    addLayer: "레이어 추가",
    layers: "레이어",
    onlyTimes: "지정한 시간에만",
    always: "24시간",
    layerName: "레이어 1",
    who: "담당자",
    addOverride: "대체 근무 추가",
    overrideAdded: "대체 근무를 추가했습니다.",
    overlaps: "대체 근무(",
    createFeed: "구독 주소 만들기",
    override: "대체 근무",
  },
] as const;

for (const c of CASES) {
  test(`a manager builds a weekly schedule, sees who is on call and adds an override (${c.locale})`, async ({
    page,
    playwright,
  }) => {
    const tag = suffix();
    const first = await makeUser("engineer", { name: `Mina Park ${tag}` });
    const second = await makeUser("engineer", { name: `Joon Lee ${tag}` });
    const manager = await makeUser("manager", { locale: c.locale });
    await signIn(page, manager.email, manager.password);

    await page.goto("/oncall/schedules");
    await page.getByRole("link", { name: c.newSchedule }).click();
    const scheduleName = `Platform ${tag}`;
    await page.getByLabel(c.name, { exact: true }).fill(scheduleName);
    await page.getByRole("button", { name: c.create }).click();
    await expect(page).toHaveURL(/\/oncall\/schedules\/[0-9a-f-]{36}$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(scheduleName);

    const layerForm = page.getByRole("form", { name: c.addLayer });
    await layerForm.getByLabel(c.firstHandOff).fill(threeDaysAgoAtNine());
    for (const person of [first, second]) {
      await layerForm.getByLabel(c.chooseMember).selectOption({ label: person.name });
      await layerForm.getByRole("button", { name: c.add, exact: true }).click();
    }
    await expect(layerForm.getByTestId("member-row")).toHaveText([
      new RegExp(`1${first.name}`),
      new RegExp(`2${second.name}`),
    ]);
    await layerForm.getByLabel(c.onlyTimes).check();
    await expect(layerForm.getByTestId("hours-day-1")).toBeVisible();
    await shoot(page, "oncall-schedule-layer-form", c.locale);
    await layerForm.getByLabel(c.always).check();
    await expect(layerForm.getByTestId("hours-day-1")).toBeHidden();
    await layerForm.getByRole("button", { name: c.addLayer }).click();
    // The new layer joins the list (and the add form folds away).
    const layer = page.getByRole("list", { name: c.layers }).getByRole("listitem", { name: c.layerName });
    await expect(layer).toContainText(first.name);
    await expect(layer).toContainText(second.name);
    await expect(page.getByTestId("oncall-now")).toContainText(first.name);
    await expect(page.getByTestId("oncall-next")).toContainText(second.name);
    await expect(page.getByTestId("calendar-row-final").getByText(first.name).first()).toBeAttached();

    const overrideForm = page.getByRole("form", { name: c.addOverride });
    await overrideForm.getByLabel(c.who).selectOption({ label: second.name });
    await overrideForm.getByRole("button", { name: c.addOverride }).click();
    await expect(page.getByRole("status").filter({ hasText: c.overrideAdded })).toBeVisible();
    await expect(page.getByTestId("override-row")).toContainText(second.name);
    await expect(page.getByTestId("calendar-row-final").getByText(c.override).first()).toBeAttached();

    // The same period again is refused, naming the override it clashes with.
    await overrideForm.getByLabel(c.who).selectOption({ label: first.name });
    await overrideForm.getByRole("button", { name: c.addOverride }).click();
    await expect(overrideForm.getByRole("alert")).toContainText(c.overlaps);
    await expect(overrideForm.getByRole("alert")).toContainText(second.name);
    await expect(page.getByTestId("override-row")).toHaveCount(1);
    await shoot(page, "oncall-schedule", c.locale);

    await page.getByRole("button", { name: c.createFeed }).click();
    const feedUrl = (await page.getByTestId("feed-url-all").textContent()) ?? "";
    expect(feedUrl).toMatch(/\/ical\/[A-Za-z0-9_-]{43}$/);
    // No cookies: the token alone opens the feed.
    const anonymous = await playwright.request.newContext({ baseURL: new URL(page.url()).origin });
    const feed = await anonymous.get(new URL(feedUrl).pathname);
    expect(feed.status()).toBe(200);
    expect(feed.headers()["content-type"]).toBe("text/calendar; charset=utf-8");
    expect((await feed.text()).replace(/\r\n /g, "")).toContain(`SUMMARY:On call: ${first.name} (${scheduleName})`);
    await anonymous.dispose();

    await page.goto("/oncall/schedules");
    const card = page.getByRole("listitem").filter({ hasText: scheduleName });
    await expect(card.getByTestId("oncall-now")).toContainText(first.name);
    await shoot(page, "oncall-schedules", c.locale);
  });
}

test("an engineer sees a schedule without any way to change it", async ({ page }) => {
  const tag = suffix();
  const member = await makeUser("engineer", { name: `Sora Kim ${tag}` });
  const schedule = await createTestSchedule({
    name: `Database ${tag}`,
    layers: [{ members: [member.id], rotationKind: "daily", startsAt: "2026-01-05T09:00" }],
  });
  const engineer = await makeUser("engineer", { locale: "ko" });
  await signIn(page, engineer.email, engineer.password);
  await page.goto(`/oncall/schedules/${schedule.id}`);
  await expect(page.getByTestId("oncall-now")).toContainText(member.name);
  await expect(page.locator("main form")).toHaveCount(0);
  await expect(page.getByText("이 일정은 볼 수만 있습니다.", { exact: false })).toBeVisible();
  await shoot(page, "oncall-schedule-readonly", "ko");
});
