// A Postgres array literal: drizzle expands JS arrays into parameter lists, so arrays travel as one text parameter.
export function pgArray(values: readonly (string | number | bigint | null)[]): string {
  const items = values.map((v) =>
    v === null ? "NULL" : typeof v === "string" ? `"${v.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"` : String(v),
  );
  return `{${items.join(",")}}`;
}
