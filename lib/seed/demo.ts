import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { users } from "@/db/schema";
import { createAsset } from "@/lib/catalog/assets";
import { createService } from "@/lib/catalog/services";
import { systemCtx } from "@/lib/context";
import { addTeamMember, createTeam } from "@/lib/teams/manage";
import { createUser } from "@/lib/users/create";

const DEMO_USERS = [
  { email: "admin@example.com", name: "Admin Kim", role: "admin", locale: "ko" },
  { email: "manager@example.com", name: "Manager Lee", role: "manager", locale: "ko" },
  { email: "agent@example.com", name: "Agent Park", role: "agent", locale: "ko" },
  { email: "engineer@example.com", name: "Engineer Choi", role: "engineer", locale: "ko" },
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
  const team: Record<string, string> = {};
  for (const t of DEMO_TEAMS) team[t.name] = (await createTeam(ctx, t)).id;

  const user: Record<string, string> = {};
  for (const u of DEMO_USERS) user[u.role] = (await createUser(ctx, { ...u, password })).id;

  await addTeamMember(ctx, { teamId: team["Service Desk"], userId: user.agent });
  await addTeamMember(ctx, { teamId: team["Service Desk"], userId: user.manager, role: "lead" });
  await addTeamMember(ctx, { teamId: team.Infrastructure, userId: user.engineer });
  await addTeamMember(ctx, { teamId: team.Platform, userId: user.engineer });
  await addTeamMember(ctx, { teamId: team.Network, userId: user.manager });

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
  return { users: DEMO_USERS.map((u) => u.email) };
}
