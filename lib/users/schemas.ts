import { z } from "zod";
import { LOCALES, ROLES, THEMES } from "@/db/schema";
import { isTimeZone } from "@/lib/env";

export const Email = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email("Enter a valid email address").max(320, "Email is at most 320 characters"));
export const Password = z
  .string()
  .min(10, "Password must be at least 10 characters")
  .max(256, "Password is at most 256 characters");
export const PersonName = z.string().trim().min(1, "Name is required").max(120, "Name is at most 120 characters");
export const RoleInput = z.enum(ROLES, { error: `Role must be one of ${ROLES.join(", ")}` });
export const TimeZone = z.string().refine(isTimeZone, "Choose a valid time zone, e.g. Asia/Seoul");
export const LocaleInput = z.enum(LOCALES, { error: "Language must be ko or en" });
export const ThemeInput = z.enum(THEMES, { error: "Theme must be system, light or dark" });
