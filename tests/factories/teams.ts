import type { Team } from "@/db/schema";
import { addTeamMember, createTeam } from "@/lib/teams/manage";
import { factoryCtx } from "./context";
import { uniqueName } from "./unique";

export type TestTeamOptions = {
  name?: string;
  description?: string;
  members?: { userId: string; role?: "member" | "lead" }[];
};

export async function createTestTeam(options: TestTeamOptions = {}): Promise<Team> {
  const ctx = factoryCtx();
  const team = await createTeam(ctx, { name: options.name ?? uniqueName("Team"), description: options.description });
  for (const member of options.members ?? []) await addTeamMember(ctx, { teamId: team.id, ...member });
  return team;
}
