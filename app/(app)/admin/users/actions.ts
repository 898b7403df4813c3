"use server";

import { formString, userFormAction } from "@/lib/forms";
import { createUser } from "@/lib/users/create";
import { resetPassword, setUserActive, updateUser } from "@/lib/users/update";

const text = (form: FormData, name: string) => formString(form, name) ?? "";

export const createUserAction = userFormAction({
  verb: createUser,
  input: (form) => ({
    email: text(form, "email"),
    name: text(form, "name"),
    role: text(form, "role") as never,
    password: text(form, "password"),
    locale: (formString(form, "locale") || undefined) as never,
  }),
  revalidate: ["/admin/users"],
  message: { namespace: "users", key: "created" },
});

export const updateUserAction = userFormAction({
  verb: updateUser,
  input: (form) => ({ userId: text(form, "userId"), name: text(form, "name"), role: text(form, "role") as never }),
  revalidate: ["/admin/users"],
  message: { namespace: "common", key: "saved" },
});

export const setUserActiveAction = userFormAction({
  verb: setUserActive,
  input: (form) => ({ userId: text(form, "userId"), isActive: text(form, "isActive") === "true" }),
  revalidate: ["/admin/users"],
});

export const resetPasswordAction = userFormAction({
  verb: resetPassword,
  input: (form) => ({ userId: text(form, "userId"), password: text(form, "password") }),
  revalidate: ["/admin/users"],
  message: { namespace: "users", key: "passwordReset" },
});
