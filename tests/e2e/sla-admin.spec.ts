import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { getDb } from "@/db/client";
import { systemCtx } from "@/lib/context";
import { createBusinessCalendar } from "@/lib/sla/calendars";
import { createSlaPolicy } from "@/lib/sla/policies";
import { createTeam } from "@/lib/teams/manage";
import { makeUser, shoot, signIn } from "./support";

const suffix = () => randomBytes(3).toString("hex");
const ctx = () => systemCtx(getDb(), "e2e");
const WEEKDAYS = [1, 2, 3, 4, 5].map((day) => ({ day, start: "09:00", end: "18:00" }));

const CASES = [
  {
    locale: "en",
    edit: "Edit",
    addMonday: "Add range (Mon)",
    mondayStart: "Mon start",
    mondayEnd: "Mon end",
    save: "Save",
    saved: "Saved.",
    overlap: "This range overlaps another on the same day",
    date: "Date",
    holidayName: "Holiday name",
    addHoliday: "Add holiday",
    holidayAdded: "Holiday added.",
    duplicate: (name: string) => `2026-12-31 is already a holiday (${name})`,
    addKorean: "Add Korean public holidays 2026–2027",
    addedKorean: /^Added \d+ holidays\.$/,
    year2027: /^2027 · \d+ holidays$/,
  },
  {
    locale: "ko",
    edit: "편집",
    addMonday: "시간대 추가 (월)",
    mondayStart: "월 시작",
    mondayEnd: "월 종료",
    save: "저장",
    saved: "저장했습니다.",
    overlap: "같은 요일의 다른 시간대와 겹칩니다",
    date: "날짜",
    holidayName: "휴일 이름",
    addHoliday: "휴일 추가",
    holidayAdded: "휴일을 추가했습니다.",
    duplicate: (name: string) => `2026-12-31은(는) 이미 휴일입니다 (${name})`,
    addKorean: "2026–2027년 한국 공휴일 추가",
    addedKorean: /^공휴일 \d+일을 추가했습니다\.$/,
    year2027: /^2027년 · \d+일$/,
  },
] as const;

for (const c of CASES) {
  test(`an admin adds a working-hour range and holidays to a calendar (${c.locale})`, async ({ page }) => {
    const calendar = await createBusinessCalendar(ctx(), {
      name: `Office ${suffix()}`,
      timeZone: "Asia/Seoul",
      hours: WEEKDAYS,
    });
    const admin = await makeUser("admin", { locale: c.locale });
    await signIn(page, admin.email, admin.password);
    await page.goto("/admin/calendars");
    const card = page.getByTestId(`calendar-${calendar.id}`);
    await expect(card.getByTestId("hours-summary")).toContainText("09:00–18:00");

    await card.getByText(c.edit, { exact: true }).click();
    const monday = card.getByTestId("hours-day-1");
    await monday.getByRole("button", { name: c.addMonday }).click();
    await monday.getByLabel(c.mondayStart).nth(1).fill("12:00");
    await monday.getByLabel(c.mondayEnd).nth(1).fill("20:00");
    await card.getByRole("button", { name: c.save, exact: true }).click();
    await expect(monday.getByText(c.overlap)).toBeVisible();
    await shoot(page, "calendars-overlap", c.locale);

    await monday.getByLabel(c.mondayStart).nth(1).fill("18:00");
    await card.getByRole("button", { name: c.save, exact: true }).click();
    await expect(card.getByRole("status").first()).toHaveText(c.saved);
    await expect(card.getByTestId("hours-summary")).toContainText("09:00–18:00, 18:00–20:00");

    const holidays = card.getByRole("form", { name: c.addHoliday, exact: true });
    const holidayName = `Year end <b>${suffix()}</b>`;
    await holidays.getByLabel(c.date).fill("2026-12-31");
    await holidays.getByLabel(c.holidayName).fill(holidayName);
    await holidays.getByRole("button", { name: c.addHoliday, exact: true }).click();
    await expect(holidays.getByRole("status")).toHaveText(c.holidayAdded);
    await expect(card.getByRole("listitem", { name: holidayName })).toContainText("12-31");
    await expect(card.locator("li b")).toHaveCount(0);

    await holidays.getByLabel(c.date).fill("2026-12-31");
    await holidays.getByLabel(c.holidayName).fill("Again");
    await holidays.getByRole("button", { name: c.addHoliday, exact: true }).click();
    await expect(holidays.getByRole("alert")).toHaveText(c.duplicate(holidayName));

    const korean = card.getByRole("form", { name: c.addKorean, exact: true });
    await korean.getByRole("button", { name: c.addKorean }).click();
    await expect(korean.getByRole("status")).toHaveText(c.addedKorean);
    await expect(card.getByText(c.year2027)).toBeVisible();
    await shoot(page, "calendars", c.locale);
  });
}

test("a manager edits a policy target, sees a bad target refused, and may not open the calendars", async ({ page }) => {
  const team = await createTeam(ctx(), { name: `SLA team ${suffix()}` });
  const calendar = await createBusinessCalendar(ctx(), {
    name: `Manager calendar ${suffix()}`,
    timeZone: "Asia/Seoul",
    hours: WEEKDAYS,
  });
  const policy = await createSlaPolicy(ctx(), {
    name: `Team policy ${suffix()}`,
    teamIds: [team.id],
    calendarId: calendar.id,
    targets: { P3: { response: 60, resolution: 240 } },
  });
  const manager = await makeUser("manager");
  await signIn(page, manager.email, manager.password);
  await page.getByRole("navigation").first().getByRole("link", { name: "SLA policies", exact: true }).click();
  await expect(page).toHaveURL(/\/admin\/sla$/);
  const row = page.getByTestId(`policy-${policy.id}`);
  await expect(row.getByTestId("policy-targets")).toContainText("1 h");

  await row.locator("summary").click();
  await row.getByLabel("P3 Resolution", { exact: true }).fill("0");
  await row.getByRole("button", { name: "Save", exact: true }).click();
  await expect(row.getByText("A target must be longer than zero")).toBeVisible();

  await row.getByLabel("P3 Resolution", { exact: true }).fill("8");
  await row.getByLabel("P3 Response", { exact: true }).fill("2");
  await row.getByLabel("P3 Response unit").selectOption("hours");
  await row.getByRole("button", { name: "Save", exact: true }).click();
  await expect(row.getByRole("status")).toHaveText("Saved.");
  await expect(row.getByTestId("policy-targets")).toContainText("2 h");
  await expect(row.getByTestId("policy-targets")).toContainText("8 h");
  await shoot(page, "sla-policies", "en");

  await page.goto("/admin/calendars");
  await expect(page.getByText("403")).toBeVisible();
});

test("the SLA policies page in Korean", async ({ page }) => {
  const manager = await makeUser("manager", { locale: "ko" });
  await signIn(page, manager.email, manager.password);
  await page.goto("/admin/sla");
  await expect(page.getByRole("heading", { name: "SLA 정책", level: 1 })).toBeVisible();
  await expect(page.getByRole("form", { name: "새 정책" }).getByLabel("P1 응답", { exact: true })).toBeVisible();
  await shoot(page, "sla-policies", "ko");
});
