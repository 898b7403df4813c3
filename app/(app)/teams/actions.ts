"use server";

import { formString, userFormAction } from "@/lib/forms";
import { addTeamMember, createTeam, deleteTeam, removeTeamMember, updateTeam } from "@/lib/teams/manage";

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
