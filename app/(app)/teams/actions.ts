"use server";

import { formString, userFormAction } from "@/lib/forms";
import {
  addTeamMember,
  createTeam,
  deleteTeam,
  removeTeamMember,
  type SetTeamAssignmentStrategy,
  setTeamAssignmentStrategy,
  updateTeam,
} from "@/lib/teams/manage";
import { setAway } from "@/lib/users/away";

export const createTeamAction = userFormAction({
  verb: createTeam,
  input: (form) => ({ name: formString(form, "name") ?? "", description: formString(form, "description") }),
  revalidate: ["/teams"],
  message: { namespace: "teams", key: "created" },
});

export const updateTeamAction = userFormAction({
  verb: updateTeam,
  input: (form) => ({
    teamId: formString(form, "teamId") ?? "",
    name: formString(form, "name") ?? "",
    description: formString(form, "description"),
  }),
  revalidate: ["/teams"],
  message: { namespace: "common", key: "saved" },
});

export const deleteTeamAction = userFormAction({
  verb: deleteTeam,
  input: (form) => ({ teamId: formString(form, "teamId") ?? "" }),
  revalidate: ["/teams"],
  redirectTo: "/teams",
});

export const addMemberAction = userFormAction({
  verb: addTeamMember,
  input: (form) => ({
    teamId: formString(form, "teamId") ?? "",
    userId: formString(form, "userId") ?? "",
    role: (formString(form, "role") || undefined) as "member" | "lead" | undefined,
  }),
  revalidate: ["/teams"],
  message: { namespace: "teams", key: "memberAdded" },
});

export const removeMemberAction = userFormAction({
  verb: removeTeamMember,
  input: (form) => ({ teamId: formString(form, "teamId") ?? "", userId: formString(form, "userId") ?? "" }),
  revalidate: ["/teams"],
});

export const setAssignmentStrategyAction = userFormAction({
  verb: setTeamAssignmentStrategy,
  input: (form) => ({
    teamId: formString(form, "teamId") ?? "",
    strategy: (formString(form, "strategy") ?? "") as SetTeamAssignmentStrategy["strategy"],
  }),
  revalidate: ["/teams"],
  message: { namespace: "common", key: "saved" },
});

export const setMemberAwayAction = userFormAction({
  verb: setAway,
  input: (form) => ({ userId: formString(form, "userId") ?? "", isAway: formString(form, "isAway") === "true" }),
  revalidate: ["/teams", "/settings"],
});
