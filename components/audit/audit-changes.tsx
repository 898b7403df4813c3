import { getTranslations } from "next-intl/server";
import { cn } from "@/components/ui/cn";

type Plain = Record<string, unknown>;

const isPlain = (v: unknown): v is Plain => typeof v === "object" && v !== null && !Array.isArray(v);

function show(value: unknown): string {
  if (value === undefined || value === null) return "—";
  if (typeof value === "string") return value === "" ? '""' : value;
  return JSON.stringify(value);
}

const VALUE = "min-w-0 font-mono text-xs break-all whitespace-pre-wrap";

// Audit snapshots are user data: rendered as text (React escapes it), changed fields first, the raw JSON one click away.
export async function AuditChanges({ before, after }: { before: unknown; after: unknown }) {
  const t = await getTranslations("audit");
  if ((before !== null && !isPlain(before)) || (after !== null && !isPlain(after))) {
    return (
      <div className="mt-2 grid gap-2 md:grid-cols-2">
        {(["before", "after"] as const).map((k) => (
          <div key={k} className="min-w-0">
            <p className="text-xs font-semibold text-zinc-500">{t(k)}</p>
            <pre className="mt-1 max-h-64 overflow-auto rounded-md bg-zinc-100 p-2 text-xs dark:bg-zinc-800">
              {JSON.stringify(k === "before" ? before : after, null, 2) ?? "—"}
            </pre>
          </div>
        ))}
      </div>
    );
  }
  const b = before ?? {};
  const a = after ?? {};
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  const isChanged = (key: string) => before !== null && after !== null && show(b[key]) !== show(a[key]);
  const rows = [...keys.filter(isChanged), ...keys.filter((k) => !isChanged(k))];
  const columns =
    before !== null && after !== null
      ? (["before", "after"] as const)
      : before
        ? ["before" as const]
        : ["after" as const];
  return (
    <div className="mt-2 space-y-2">
      <dl className="divide-y divide-zinc-100 rounded-md border border-zinc-200 text-sm dark:divide-zinc-800 dark:border-zinc-800">
        <div
          className={cn(
            "hidden gap-3 px-3 py-1.5 text-xs font-semibold text-zinc-500 sm:grid",
            columns.length === 2 ? "sm:grid-cols-[10rem_1fr_1fr]" : "sm:grid-cols-[10rem_1fr]",
          )}
          aria-hidden
        >
          <span>{t("field")}</span>
          {columns.map((c) => (
            <span key={c}>{t(c)}</span>
          ))}
        </div>
        {rows.map((key) => (
          <div
            key={key}
            className={cn(
              "grid gap-x-3 gap-y-0.5 px-3 py-1.5",
              columns.length === 2 ? "sm:grid-cols-[10rem_1fr_1fr]" : "sm:grid-cols-[10rem_1fr]",
              isChanged(key) && "bg-amber-50/60 dark:bg-amber-950/30",
            )}
            data-changed={isChanged(key) || undefined}
          >
            <dt className="min-w-0 font-mono text-xs font-semibold break-all text-zinc-700 dark:text-zinc-300">
              {key}
              {isChanged(key) ? <span className="sr-only"> ({t("changed")})</span> : null}
            </dt>
            {columns.map((c) => (
              <dd key={c} className={cn(VALUE, c === "before" && columns.length === 2 && "text-zinc-500")}>
                {columns.length === 2 ? (
                  <span className="mr-1 font-sans text-[11px] text-zinc-400 sm:hidden">{t(c)}:</span>
                ) : null}
                {show((c === "before" ? b : a)[key])}
              </dd>
            ))}
          </div>
        ))}
      </dl>
      <details>
        <summary className="cursor-pointer text-xs text-zinc-500">{t("rawJson")}</summary>
        <pre className="mt-1 max-h-64 overflow-auto rounded-md bg-zinc-100 p-2 text-xs dark:bg-zinc-800">
          {JSON.stringify({ before, after }, null, 2)}
        </pre>
      </details>
    </div>
  );
}
