import { getLocale } from "next-intl/server";
import { KO_ESCALATION_EXACT, KO_ESCALATION_PATTERNS } from "./validation-escalation";
import { KO_NOTIFY_EXACT, KO_NOTIFY_PATTERNS } from "./validation-notify";
import { KO_SCHEDULES_EXACT, KO_SCHEDULES_PATTERNS } from "./validation-schedules";
import { KO_SLA_ADMIN_EXACT, KO_SLA_ADMIN_PATTERNS } from "./validation-slaadmin";

// Korean for the messages our schemas and verbs produce; the API keeps the English originals.
const KO_EXACT: Record<string, string> = {
  "Name is required": "이름을 입력하세요",
  "Name is at most 100 characters": "이름은 100자 이하로 입력하세요",
  "Name is at most 120 characters": "이름은 120자 이하로 입력하세요",
  "Enter a valid email address": "올바른 이메일 주소를 입력하세요",
  "Email is at most 320 characters": "이메일은 320자 이하로 입력하세요",
  "Password must be at least 10 characters": "비밀번호는 10자 이상이어야 합니다",
  "Password is at most 256 characters": "비밀번호는 256자 이하로 입력하세요",
  "Role must be one of admin, manager, agent, engineer": "역할을 선택하세요",
  "Choose a valid time zone, e.g. Asia/Seoul": "올바른 시간대를 선택하세요 (예: Asia/Seoul)",
  "Language must be ko or en": "언어를 선택하세요",
  "Theme must be system, light or dark": "테마를 선택하세요",
  "Description is at most 1000 characters": "설명은 1000자 이하로 입력하세요",
  "Description is at most 2000 characters": "설명은 2000자 이하로 입력하세요",
  "Address is at most 255 characters": "주소는 255자 이하로 입력하세요",
  "Choose an owner team": "담당 팀을 선택하세요",
  "Choose a user": "사용자를 선택하세요",
  "Choose services from the list": "목록에서 서비스를 선택하세요",
  "Criticality must be one of critical, high, medium, low": "중요도를 선택하세요",
  "Kind must be one of server, network_device, k8s_cluster, database, iot_sensor, backup_target, application, other":
    "유형을 선택하세요",
  "Watchdesk needs at least one active admin": "활성 관리자가 최소 한 명 있어야 합니다",
  "You cannot deactivate your own account": "자신의 계정은 비활성화할 수 없습니다",
  "No such user": "사용자를 찾을 수 없습니다",
  "No such team": "팀을 찾을 수 없습니다",
  "No such team or user": "팀 또는 사용자를 찾을 수 없습니다",
  "No such service": "서비스를 찾을 수 없습니다",
  "No such asset": "자산을 찾을 수 없습니다",
  "No such token": "토큰을 찾을 수 없습니다",
  "That user is not a member of the team": "해당 사용자는 이 팀의 구성원이 아닙니다",
  "A record with the same name already exists": "같은 이름이 이미 있습니다",
  "A referenced record does not exist": "참조한 항목이 존재하지 않습니다",
  "You may create tokens only for yourself": "자신의 토큰만 만들 수 있습니다",
  "You may revoke only your own tokens": "자신의 토큰만 폐기할 수 있습니다",
  "Passwords do not match": "비밀번호가 일치하지 않습니다",
  "Invalid input": "입력값이 올바르지 않습니다",
  "Choose a service": "서비스를 선택하세요",
  "Choose a team": "팀을 선택하세요",
  "No such integration": "연동을 찾을 수 없습니다",
  "Kind must be one of alertmanager, grafana, pagerduty, generic": "유형을 선택하세요",
  "A silence needs at least one matcher": "사일런스에는 매처가 하나 이상 필요합니다",
  "The end must be after the start": "종료 시각은 시작 시각보다 뒤여야 합니다",
  "Choose a service or give label matchers": "서비스를 선택하거나 레이블 매처를 입력하세요",
  "No such silence": "사일런스를 찾을 수 없습니다",
  "The silence has already ended": "이미 종료된 사일런스입니다",
  "No such maintenance window": "유지보수 기간을 찾을 수 없습니다",
  "The window has already ended": "이미 종료된 유지보수 기간입니다",
  "No such routing rule": "라우팅 규칙을 찾을 수 없습니다",
  "Choose a service or a team": "서비스나 팀을 선택하세요",
  "A rule is named twice": "같은 규칙이 두 번 지정되었습니다",
  "A label name holds letters, digits and '_'": "레이블 이름에는 영문자, 숫자, '_'만 쓸 수 있습니다",
  "The regular expression does not compile": "정규식이 올바르지 않습니다",
  "Write one matcher per line as name=value, name!=value, name=~regex or name!~regex":
    "한 줄에 매처 하나를 name=value, name!=value, name=~정규식, name!~정규식 형식으로 입력하세요",
  "Enter a date and time": "날짜와 시간을 입력하세요",
  "Choose a duration or an end time": "기간이나 종료 시각을 선택하세요",
  "At most 50 matchers": "매처는 50개까지 입력할 수 있습니다",
  "Title is required": "제목을 입력하세요",
  "Title is at most 300 characters": "제목은 300자 이하로 입력하세요",
  "Write a comment": "댓글을 입력하세요",
  "Say what the ticket is waiting for": "무엇을 기다리는지 사유를 입력하세요",
  "Choose a resolution code": "해결 코드를 선택하세요",
  "Describe the resolution": "해결 내용을 입력하세요",
  "Not an active agent or engineer": "활성 상담원 또는 엔지니어가 아닙니다",
  "Use 1 (high), 2 (medium) or 3 (low)": "1(높음), 2(보통), 3(낮음) 중에서 선택하세요",
  "A ticket number looks like INC-000042 or REQ-000042": "티켓 번호는 INC-000042 또는 REQ-000042 형식입니다",
  "Select at least one ticket": "티켓을 하나 이상 선택하세요",
  "Choose an assignee, a status or a priority": "담당자, 상태, 우선순위 중 하나를 선택하세요",
  "Name the view": "보기 이름을 입력하세요",
  "Requesters cannot write internal notes": "요청자는 내부 메모를 쓸 수 없습니다",
  "A file has no name": "파일 이름이 없습니다",
  ...KO_SLA_ADMIN_EXACT,
  ...KO_NOTIFY_EXACT,
  ...KO_SCHEDULES_EXACT,
  ...KO_ESCALATION_EXACT,
};

const KO_PATTERNS: [RegExp, (m: RegExpMatchArray) => string][] = [
  [/^A user with email (.+) already exists$/, (m) => `${m[1]} 이메일을 쓰는 사용자가 이미 있습니다`],
  [/^A team named (.+) already exists$/, (m) => `'${m[1]}' 팀이 이미 있습니다`],
  [/^A service named (.+) already exists$/, (m) => `'${m[1]}' 서비스가 이미 있습니다`],
  [/^An asset named (.+) already exists$/, (m) => `'${m[1]}' 자산이 이미 있습니다`],
  [/^An integration named (.+) already exists$/, (m) => `'${m[1]}' 연동이 이미 있습니다`],
  [/^No such routing rule: /, () => "라우팅 규칙을 찾을 수 없습니다"],
  [/^No ticket (.+)$/, (m) => `${m[1]} 티켓을 찾을 수 없습니다`],
  [/^Cannot change (\S+) from (\S+) to (\S+)$/, (m) => `${m[1]}의 상태를 ${m[2]}에서 ${m[3]}(으)로 바꿀 수 없습니다`],
  [
    /^(\S+) is (closed|cancelled) and can no longer be changed$/,
    (m) => `${m[1]}은(는) 종료되어 더 이상 바꿀 수 없습니다`,
  ],
  [
    /^(\S+) was resolved more than (\d+) days ago; open a new ticket instead$/,
    (m) => `${m[1]}은(는) ${m[2]}일보다 전에 해결되었습니다. 새 티켓을 여세요`,
  ],
  [/^(.+) is larger than (.+) MB$/, (m) => `${m[1]} 파일이 ${m[2]} MB보다 큽니다`],
  [/^Files of type (.+) are not allowed$/, (m) => `${m[1]} 형식의 파일은 첨부할 수 없습니다`],
  [/^At most (\d+) files per comment$/, (m) => `댓글 하나에 파일은 ${m[1]}개까지 첨부할 수 있습니다`],
  [/^(.+) is empty$/, (m) => `${m[1]} 파일이 비어 있습니다`],
  [/^Line (\d+): (.+)$/, (m) => `${m[1]}번째 줄: ${toKorean(m[2])}`],
  ...KO_SLA_ADMIN_PATTERNS,
  ...KO_NOTIFY_PATTERNS,
  ...KO_SCHEDULES_PATTERNS,
  ...KO_ESCALATION_PATTERNS,
];

export function toKorean(message: string): string {
  if (KO_EXACT[message]) return KO_EXACT[message];
  for (const [pattern, render] of KO_PATTERNS) {
    const match = message.match(pattern);
    if (match) return render(match);
  }
  return message;
}

export async function translateValidation(message: string | undefined): Promise<string> {
  if (!message) return "";
  return (await getLocale()) === "ko" ? toKorean(message) : message;
}
