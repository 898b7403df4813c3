import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { getDb } from "@/db/client";
import { createService } from "@/lib/catalog/services";
import { systemCtx } from "@/lib/context";
import { createTeam } from "@/lib/teams/manage";
import { makeUser, shoot, signIn } from "./support";

const suffix = () => randomBytes(3).toString("hex");
const ctx = () => systemCtx(getDb(), "e2e");

const CASES = [
  {
    locale: "en",
    title: "Escalation policies",
    newPolicy: "New policy",
    name: "Name",
    kind: (n: number) => `Kind (Step ${n})`,
    whom: (n: number) => `Whom (Step ${n})`,
    user: "User",
    team: "Team",
    addStep: "Add step",
    delayAfter: "minutes after step 1",
    create: "Create policy",
    chooseWhom: "Choose whom to notify",
    summary: (person: string, team: string) => `1. ${person}→2. after 10 min: Team ${team}`,
    usedBy: (service: string) => `Used by: 1 service (${service})`,
    edit: "Edit",
    select: "Escalation policy",
    savePolicy: "Save policy",
    saved: "Escalation policy saved.",
    current: (name: string) => `Escalation policy: ${name}`,
  },
  {
    locale: "ko",
    title: "에스컬레이션 정책",
    newPolicy: "새 정책",
    name: "이름",
    kind: (n: number) => `종류 (${n}단계)`,
    whom: (n: number) => `대상 (${n}단계)`,
    user: "사용자",
    team: "팀",
    addStep: "단계 추가",
    delayAfter: "1단계 뒤 (분)",
    create: "정책 만들기",
    chooseWhom: "호출할 대상을 선택하세요",
    summary: (person: string, team: string) => `1. ${person}→2. 10분 뒤: ${team} 팀`,
    usedBy: (service: string) => `사용 중: 서비스 1개 (${service})`,
    edit: "편집",
    select: "에스컬레이션 정책",
    savePolicy: "정책 저장",
    saved: "에스컬레이션 정책을 저장했습니다.",
    current: (name: string) => `에스컬레이션 정책: ${name}`,
  },
] as const;

for (const c of CASES) {
  test(`a manager builds a two-step escalation policy and attaches it to a service (${c.locale})`, async ({ page }) => {
    const engineer = await makeUser("engineer", { name: `Kim On-call ${suffix()}` });
    const team = await createTeam(ctx(), { name: `DBA ${suffix()}` });
    const service = await createService(ctx(), { name: `Payments ${suffix()}`, criticality: "high" });
    const manager = await makeUser("manager", { locale: c.locale });
    const policyName = `Platform ${suffix()}`;
    await signIn(page, manager.email, manager.password);

    await page.goto("/oncall/policies");
    await expect(page.getByRole("heading", { name: c.title, level: 1 })).toBeVisible();
    await page.getByRole("link", { name: c.newPolicy }).click();
    await expect(page).toHaveURL(/\/oncall\/policies\/new$/);
    await page.getByLabel(c.name, { exact: true }).fill(policyName);
    await page.getByLabel(c.kind(1)).selectOption({ label: c.user });
    await page.getByLabel(c.whom(1)).selectOption({ label: `${engineer.name} (${engineer.email})` });
    await page.getByRole("button", { name: c.addStep }).click();
    await page.getByLabel(c.delayAfter).fill("10");
    await page.getByLabel(c.kind(2)).selectOption({ label: c.team });
    // Nobody chosen for step 2 yet: refused, naming the row, and nothing typed is lost.
    await page.getByRole("button", { name: c.create }).click();
    await expect(page.getByTestId("policy-step-2").getByText(c.chooseWhom)).toBeVisible();
    await expect(page.getByLabel(c.name, { exact: true })).toHaveValue(policyName);
    await shoot(page, "oncall-policy-new", c.locale);

    await page.getByLabel(c.whom(2)).selectOption({ label: team.name });
    await page.getByRole("button", { name: c.create }).click();
    await expect(page).toHaveURL(/\/oncall\/policies$/);
    const row = page.locator("li", { has: page.getByRole("link", { name: policyName }) });
    await expect(row.getByRole("list")).toHaveText(c.summary(engineer.name, team.name));

    await page.goto("/services");
    const serviceRow = page.locator("li", { hasText: service.name });
    await serviceRow.getByText(c.edit, { exact: true }).click();
    await serviceRow.getByRole("combobox", { name: c.select, exact: true }).selectOption({ label: policyName });
    await serviceRow.getByRole("button", { name: c.savePolicy }).click();
    await expect(serviceRow.getByRole("status")).toHaveText(c.saved);
    await page.reload();
    await expect(page.locator("li", { hasText: service.name }).getByText(c.current(policyName))).toBeVisible();
    await shoot(page, "oncall-policy-service", c.locale);

    await page.goto("/oncall/policies");
    await expect(page.locator("li", { has: page.getByRole("link", { name: policyName }) })).toContainText(
      c.usedBy(service.name),
    );
    await shoot(page, "oncall-policies", c.locale);
    await page.getByRole("link", { name: policyName }).click();
    await expect(page.getByRole("heading", { name: policyName, level: 1 })).toBeVisible();
    await expect(page.getByRole("link", { name: service.name })).toBeVisible();
    await shoot(page, "oncall-policy-edit", c.locale);
  });
}
