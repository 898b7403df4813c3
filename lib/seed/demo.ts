import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { routingRules, teams, users } from "@/db/schema";
import { createAsset } from "@/lib/catalog/assets";
import { createService } from "@/lib/catalog/services";
import { type Ctx, systemCtx } from "@/lib/context";
import { createEscalationPolicy, setEscalationPolicyLink } from "@/lib/oncall/policies";
import { formatWallTime, instantToWall } from "@/lib/oncall/rotation";
import { addLayer, createSchedule } from "@/lib/oncall/schedules";
import { createRequestCategory, createRequestType } from "@/lib/requests/catalog";
import { installSlaDefaults } from "@/lib/sla/defaults";
import { addTeamMember, createTeam } from "@/lib/teams/manage";
import { addComment } from "@/lib/tickets/comment";
import { createTicket } from "@/lib/tickets/create";
import { createUser } from "@/lib/users/create";

const DEMO_USERS = [
  { email: "admin@example.com", name: "Admin Kim", role: "admin", locale: "ko" },
  { email: "manager@example.com", name: "Manager Lee", role: "manager", locale: "ko" },
  { email: "agent@example.com", name: "Agent Park", role: "agent", locale: "ko" },
  { email: "engineer@example.com", name: "Engineer Choi", role: "engineer", locale: "ko" },
  { email: "requester@example.com", name: "Requester Jung", role: "requester", locale: "ko" },
] as const;

const DEMO_TEAMS = [
  { name: "Service Desk", description: "First-line support: triage, service requests, user communication" },
  { name: "Infrastructure", description: "Servers, storage, backup and the data centre" },
  { name: "Network", description: "WAN, LAN, firewalls, VPN and load balancers" },
  { name: "Platform", description: "Kubernetes clusters, CI/CD and observability" },
] as const;

export async function isDatabaseEmpty(db: Db): Promise<boolean> {
  const [{ count }] = await db.select({ count: sql<number>`count(*)::int` }).from(users);
  return count === 0;
}

export async function seedDemo(db: Db, password: string) {
  const ctx = systemCtx(db, "seed");
  // Before any ticket, so the demo tickets get SLA clocks as they are created.
  await installSlaDefaults(ctx);
  const team: Record<string, string> = {};
  for (const t of DEMO_TEAMS) team[t.name] = (await createTeam(ctx, t)).id;

  const user: Record<string, string> = {};
  for (const u of DEMO_USERS) user[u.role] = (await createUser(ctx, { ...u, password })).id;

  await addTeamMember(ctx, { teamId: team["Service Desk"], userId: user.agent });
  await addTeamMember(ctx, { teamId: team["Service Desk"], userId: user.manager, role: "lead" });
  await addTeamMember(ctx, { teamId: team.Infrastructure, userId: user.engineer });
  await addTeamMember(ctx, { teamId: team.Platform, userId: user.engineer });
  await addTeamMember(ctx, { teamId: team.Network, userId: user.manager });
  await addTeamMember(ctx, { teamId: team.Network, userId: user.engineer });

  const service: Record<string, string> = {};
  const demoServices = [
    {
      name: "Internet Banking",
      description: "Customer-facing web and mobile banking",
      owner: "Platform",
      criticality: "critical",
    },
    { name: "ERP", description: "Finance, purchasing and HR", owner: "Infrastructure", criticality: "high" },
    {
      name: "Corporate Email",
      description: "Mail and calendars for all staff",
      owner: "Infrastructure",
      criticality: "high",
    },
    {
      name: "Remote Access VPN",
      description: "VPN for staff working off-site",
      owner: "Network",
      criticality: "medium",
    },
    {
      name: "Backup Service",
      description: "Nightly and hourly backups of production data",
      owner: "Infrastructure",
      criticality: "medium",
    },
    { name: "Intranet Wiki", description: "Internal documentation", owner: "Service Desk", criticality: "low" },
  ] as const;
  for (const s of demoServices) {
    service[s.name] = (
      await createService(ctx, {
        name: s.name,
        description: s.description,
        ownerTeamId: team[s.owner],
        criticality: s.criticality,
      })
    ).id;
  }

  const demoAssets = [
    {
      name: "web-prod-01",
      kind: "server",
      address: "10.10.1.11",
      owner: "Platform",
      criticality: "critical",
      services: ["Internet Banking"],
    },
    {
      name: "web-prod-02",
      kind: "server",
      address: "10.10.1.12",
      owner: "Platform",
      criticality: "critical",
      services: ["Internet Banking"],
    },
    {
      name: "k8s-prod-seoul",
      kind: "k8s_cluster",
      address: "https://k8s.seoul.example.com",
      owner: "Platform",
      criticality: "critical",
      services: ["Internet Banking"],
    },
    {
      name: "erp-db-01",
      kind: "database",
      address: "10.10.2.21:5432",
      owner: "Infrastructure",
      criticality: "high",
      services: ["ERP"],
    },
    {
      name: "mail-01",
      kind: "server",
      address: "10.10.3.5",
      owner: "Infrastructure",
      criticality: "high",
      services: ["Corporate Email"],
    },
    {
      name: "core-sw-01",
      kind: "network_device",
      address: "10.0.0.1",
      owner: "Network",
      criticality: "high",
      services: ["Internet Banking", "ERP", "Corporate Email"],
    },
    {
      name: "vpn-gw-01",
      kind: "network_device",
      address: "203.0.113.10",
      owner: "Network",
      criticality: "medium",
      services: ["Remote Access VPN"],
    },
    {
      name: "backup-nas-01",
      kind: "backup_target",
      address: "10.10.9.50",
      owner: "Infrastructure",
      criticality: "medium",
      services: ["Backup Service"],
    },
    {
      name: "dc-temp-sensor-a1",
      kind: "iot_sensor",
      address: "10.20.0.101",
      owner: "Infrastructure",
      criticality: "low",
      services: [],
    },
  ] as const;
  for (const a of demoAssets) {
    await createAsset(ctx, {
      name: a.name,
      kind: a.kind,
      address: a.address,
      ownerTeamId: team[a.owner],
      criticality: a.criticality,
      serviceIds: a.services.map((name) => service[name]),
    });
  }
  await seedRequestCatalog(db, ctx, team);
  // Before the tickets, so the demo incidents page the engineer on call.
  await seedOnCall(ctx, user, team, service);
  await seedDemoTickets(db, ctx, user, service);
  return { users: DEMO_USERS.map((u) => u.email) };
}

// A weekly rotation handing off on Mondays at 09:00 Seoul time, started this week so the engineer is on call now.
async function seedOnCall(
  ctx: Ctx,
  user: Record<string, string>,
  team: Record<string, string>,
  service: Record<string, string>,
  now = new Date(),
) {
  const zone = "Asia/Seoul";
  const wall = instantToWall(zone, now.getTime());
  const dayStart = wall - (wall % 86_400_000);
  const sinceMonday = (new Date(dayStart).getUTCDay() + 6) % 7;
  let handoff = dayStart - sinceMonday * 86_400_000 + 9 * 3_600_000;
  if (handoff > wall) handoff -= 7 * 86_400_000;
  const schedule = await createSchedule(ctx, {
    name: "Infrastructure primary",
    description: "Weekly on-call for servers, storage and backup; hands off on Mondays at 09:00",
    timeZone: zone,
    teamId: team.Infrastructure,
  });
  await addLayer(ctx, {
    scheduleId: schedule.id,
    name: "Weekly rotation",
    rotationKind: "weekly",
    startsAt: formatWallTime(handoff),
    members: [user.engineer, user.admin],
  });
  const policy = await createEscalationPolicy(ctx, {
    name: "Default escalation",
    description: "Pages whoever is on call, then the duty manager after 15 minutes",
    steps: [
      { delayMinutes: 0, targets: [{ kind: "schedule", id: schedule.id }] },
      { delayMinutes: 15, targets: [{ kind: "user", id: user.manager }] },
    ],
    repeatCount: 2,
    repeatAfterMinutes: 30,
    ackTimeoutMinutes: 60,
    isDefault: true,
  });
  for (const id of Object.values(service)) {
    await setEscalationPolicyLink(ctx, { subjectType: "service", subjectId: id, policyId: policy.id });
  }
}

async function seedRequestCatalog(db: Db, ctx: Ctx, team: Record<string, string>) {
  const hardware = await createRequestCategory(ctx, {
    name: "Hardware",
    description: "Laptops, monitors and other equipment",
    position: 1,
  });
  const access = await createRequestCategory(ctx, {
    name: "Access",
    description: "Accounts, VPN and permissions",
    position: 2,
  });
  const software = await createRequestCategory(ctx, {
    name: "Software",
    description: "Installs and licences",
    position: 3,
  });
  await createRequestType(ctx, {
    categoryId: hardware.id,
    name: "New laptop",
    description: "A new or replacement laptop, set up and enrolled",
    teamId: team["Service Desk"],
    fields: [
      {
        key: "model",
        label: "Model",
        type: "select",
        isRequired: true,
        options: ["14-inch standard", "16-inch developer"],
      },
      { key: "needed_by", label: "Needed by", type: "date", isRequired: true },
      { key: "justification", label: "Justification", type: "textarea", isRequired: false },
    ],
  });
  await createRequestType(ctx, {
    categoryId: access.id,
    name: "VPN access",
    description: "Remote access to the office network",
    teamId: team.Network,
    defaultUrgency: 2,
    fields: [
      { key: "reason", label: "Reason", type: "textarea", isRequired: true },
      { key: "duration_days", label: "Duration (days)", type: "number", isRequired: false },
      {
        key: "needs_mfa_token",
        label: "I need a hardware MFA token",
        type: "checkbox",
        isRequired: false,
        help: "Leave unticked to use the authenticator app on your phone",
      },
    ],
  });
  await createRequestType(ctx, {
    categoryId: software.id,
    name: "Software install",
    description: "Software from the approved list, installed on your computer",
    teamId: team["Service Desk"],
    fields: [{ key: "name", label: "Software name", type: "text", isRequired: true }],
  });

  // Set directly: on this branch createRoutingRule does not take ticket type or category conditions yet, nor is there a strategy verb.
  await db.update(teams).set({ assignmentStrategy: "round_robin" }).where(eq(teams.id, team.Network));
  const [{ next }] = await db
    .select({ next: sql<number>`coalesce(max(${routingRules.position}), 0) + 1` })
    .from(routingRules);
  await db.insert(routingRules).values({
    name: "VPN requests → Network",
    position: Number(next),
    ticketTypes: ["service_request"],
    categoryIds: [access.id],
    teamId: team.Network,
  });
  return { hardware, access, software };
}

async function seedDemoTickets(db: Db, ctx: Ctx, user: Record<string, string>, service: Record<string, string>) {
  const as = (role: "agent" | "requester" | "engineer", email: string): Ctx => ({
    actor: { type: "user", id: user[role], role, label: email },
    db,
  });
  const agent = as("agent", "agent@example.com");
  const requester = as("requester", "requester@example.com");
  const engineer = as("engineer", "engineer@example.com");
  const types = await db.query.requestTypes.findMany();
  const typeId = (name: string) => types.find((t) => t.name === name)?.id;

  await createTicket(agent, {
    type: "incident",
    title: "Internet Banking login page takes over 10 seconds",
    description: "Several customers called the branch about slow sign-in since 09:10.",
    serviceId: service["Internet Banking"],
    impact: 2,
    urgency: 1,
  });
  await createTicket(ctx, {
    type: "incident",
    title: "Outbound mail queued on mail-01",
    description: "Mail to external domains has been waiting in the queue for 20 minutes.",
    serviceId: service["Corporate Email"],
    requesterId: user.agent,
    impact: 2,
    urgency: 2,
  });
  const vpn = await createTicket(requester, {
    type: "service_request",
    requestTypeId: typeId("VPN access"),
    title: "VPN for the Busan branch visit",
    description: "I will be working from the Busan branch next week and need the internal wiki and ERP.",
    requestFields: { reason: "Working off-site for a week", duration_days: "7", needs_mfa_token: "on" },
  });
  await addComment(engineer, {
    number: vpn.number,
    body: "Hardware token stock is low; ask procurement before promising one.",
    internal: true,
  });
  await addComment(engineer, {
    number: vpn.number,
    body: "Your VPN account is being set up. We will send the token to your desk by Friday.",
    internal: false,
  });
  await createTicket(requester, {
    type: "service_request",
    requestTypeId: typeId("New laptop"),
    title: "Replacement laptop: battery lasts under an hour",
    requestFields: {
      model: "14-inch standard",
      needed_by: new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10),
      justification: "Battery health is at 41%.",
    },
  });
  await createTicket(requester, {
    type: "service_request",
    requestTypeId: typeId("Software install"),
    title: "Install DBeaver",
    description: "For read-only queries on the reporting replica.",
    requestFields: { name: "DBeaver Community" },
  });
}
