import Link from "next/link";
import { getTranslations } from "next-intl/server";
import type { PolicyWithSteps } from "@/lib/oncall/policies";

// Which services and teams use a policy: counts in the list, names with links on the policy's page.
export async function PolicyUsage({
  usedBy,
  compact = false,
}: {
  usedBy: PolicyWithSteps["usedBy"];
  compact?: boolean;
}) {
  const t = await getTranslations("escalationPolicies");
  if (!usedBy.length) return <p className="text-xs text-zinc-500 dark:text-zinc-400">{t("unused")}</p>;
  const services = usedBy.filter((u) => u.subjectType === "service");
  const teams = usedBy.filter((u) => u.subjectType === "team");
  if (compact) {
    const parts = [
      services.length ? t("usedByServices", { count: services.length }) : "",
      teams.length ? t("usedByTeams", { count: teams.length }) : "",
    ].filter(Boolean);
    return (
      <p className="text-xs text-zinc-600 dark:text-zinc-300">
        <span className="text-zinc-500 dark:text-zinc-400">{t("usedBy")}:</span> {parts.join(", ")} (
        {usedBy.map((u) => u.name).join(", ")})
      </p>
    );
  }
  return (
    <ul className="flex flex-wrap gap-2">
      {usedBy.map((u) => (
        <li key={`${u.subjectType}:${u.subjectId}`}>
          <Link
            href={u.subjectType === "team" ? `/teams/${u.subjectId}` : "/services"}
            className="inline-flex items-center rounded-full border border-zinc-200 px-2.5 py-0.5 text-sm hover:bg-zinc-50 dark:border-zinc-700 dark:hover:bg-zinc-800"
          >
            {u.subjectType === "team" ? t("teamTarget", { name: u.name }) : u.name}
          </Link>
        </li>
      ))}
    </ul>
  );
}
