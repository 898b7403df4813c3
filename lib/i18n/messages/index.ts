import type { Locale } from "@/db/schema";
import enAssignment from "./en.assignment.json" with { type: "json" };
import enDesk from "./en.desk.json" with { type: "json" };
import enEscalation from "./en.escalation.json" with { type: "json" };
import en from "./en.json" with { type: "json" };
import enNotify from "./en.notify.json" with { type: "json" };
import enOncall from "./en.oncall.json" with { type: "json" };
import enPhone from "./en.phone.json" with { type: "json" };
import enRequests from "./en.requests.json" with { type: "json" };
import enSlaAdmin from "./en.slaadmin.json" with { type: "json" };
import enSlaClock from "./en.slaclock.json" with { type: "json" };
import enSlaReport from "./en.slareport.json" with { type: "json" };
import koAssignment from "./ko.assignment.json" with { type: "json" };
import koDesk from "./ko.desk.json" with { type: "json" };
import koEscalation from "./ko.escalation.json" with { type: "json" };
import ko from "./ko.json" with { type: "json" };
import koNotify from "./ko.notify.json" with { type: "json" };
import koOncall from "./ko.oncall.json" with { type: "json" };
import koPhone from "./ko.phone.json" with { type: "json" };
import koRequests from "./ko.requests.json" with { type: "json" };
import koSlaAdmin from "./ko.slaadmin.json" with { type: "json" };
import koSlaClock from "./ko.slaclock.json" with { type: "json" };
import koSlaReport from "./ko.slareport.json" with { type: "json" };

type Messages = Record<string, unknown>;

// One file per area keeps parallel work from colliding; namespaces in later files extend earlier ones.
function deepMerge(...sources: Messages[]): Messages {
  const out: Messages = {};
  for (const source of sources) {
    for (const [key, value] of Object.entries(source)) {
      const existing = out[key];
      out[key] =
        existing && typeof existing === "object" && value && typeof value === "object"
          ? deepMerge(existing as Messages, value as Messages)
          : value;
    }
  }
  return out;
}

const MESSAGES: Record<Locale, Messages> = {
  en: deepMerge(
    en,
    enDesk,
    enRequests,
    enAssignment,
    enSlaClock,
    enSlaAdmin,
    enSlaReport,
    enOncall,
    enNotify,
    enEscalation,
    enPhone,
  ),
  ko: deepMerge(
    ko,
    koDesk,
    koRequests,
    koAssignment,
    koSlaClock,
    koSlaAdmin,
    koSlaReport,
    koOncall,
    koNotify,
    koEscalation,
    koPhone,
  ),
};

export function messagesFor(locale: Locale): Messages {
  return MESSAGES[locale];
}
