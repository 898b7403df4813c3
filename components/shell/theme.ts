export const THEME_COOKIE = "wd-theme";
export const THEME_VALUES = ["system", "light", "dark"] as const;
export type ThemeValue = (typeof THEME_VALUES)[number];

export function isTheme(value: unknown): value is ThemeValue {
  return typeof value === "string" && (THEME_VALUES as readonly string[]).includes(value);
}
