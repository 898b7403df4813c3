import { getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { getCurrentUser, userActor } from "@/lib/auth/current-user";
import { errorResponse } from "@/lib/errors";
import { getSlaReport, type SlaReportInput } from "@/lib/sla/report";
import { REPORT_TABLES, type ReportTable, reportCsvFilename, reportTableRows, toCsv } from "@/lib/sla/report-csv";

// The breached table exports up to the report's row cap; the other tables are always whole.
const BREACHED_ROWS = 10_000;

export async function GET(request: Request) {
  try {
    const user = await getCurrentUser();
    if (!user) return Response.json({ error: { code: "unauthorized", message: "Sign in first" } }, { status: 401 });
    const params = Object.fromEntries(new URL(request.url).searchParams);
    const table = params.table as ReportTable;
    if (!REPORT_TABLES.includes(table)) {
      return Response.json(
        { error: { code: "invalid", message: `table: use ${REPORT_TABLES.join(", ")}` } },
        { status: 400 },
      );
    }
    const ctx = { actor: userActor(user), db: getDb() };
    const report = await getSlaReport(ctx, {
      ...(params as SlaReportInput),
      timeZone: params.timeZone || user.timezone,
      breachedLimit: table === "breached" ? BREACHED_ROWS : 1,
      breachedOffset: 0,
    });
    const t = await getTranslations("slaReport");
    const filename = reportCsvFilename(report, table);
    return new Response(toCsv(reportTableRows(report, table, (key) => t(key))), {
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="${filename}"; filename*=UTF-8''${encodeURIComponent(filename)}`,
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "private, no-store",
      },
    });
  } catch (error) {
    return errorResponse(error);
  }
}
