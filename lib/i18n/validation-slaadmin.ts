// Korean for the SLA calendar and policy verbs' messages; merged into lib/i18n/validation.ts.
export const KO_SLA_ADMIN_EXACT: Record<string, string> = {
  "Choose a time zone": "시간대를 선택하세요",
  "Choose a day of the week": "요일을 선택하세요",
  "Use HH:MM, e.g. 09:00": "HH:MM 형식으로 입력하세요 (예: 09:00)",
  "Use HH:MM, e.g. 18:00 (24:00 ends the day)": "HH:MM 형식으로 입력하세요 (예: 18:00, 자정까지는 24:00)",
  "Add at least one working-hour range": "업무 시간대를 하나 이상 추가하세요",
  "At most 70 working-hour ranges": "업무 시간대는 70개까지 추가할 수 있습니다",
  "This range overlaps another on the same day": "같은 요일의 다른 시간대와 겹칩니다",
  "Enter a date as YYYY-MM-DD": "날짜를 YYYY-MM-DD 형식으로 입력하세요",
  "Name the holiday": "휴일 이름을 입력하세요",
  "No such calendar": "업무 달력을 찾을 수 없습니다",
  "No such holiday": "휴일을 찾을 수 없습니다",
  "A target is a whole number of minutes": "목표 시간은 분 단위 정수로 입력하세요",
  "A target must be longer than zero": "목표 시간은 0보다 커야 합니다",
  "A target is at most 365 days": "목표 시간은 365일을 넘을 수 없습니다",
  "The resolution target cannot be shorter than the response target": "해결 목표는 응답 목표보다 짧을 수 없습니다",
  "Give at least one target": "목표 시간을 하나 이상 입력하세요",
  "Only open statuses can pause the clock": "진행 중인 상태만 시계를 멈출 수 있습니다",
  "The warning threshold is a whole percentage": "경고 기준은 정수 백분율로 입력하세요",
  "The warning threshold is between 1 and 99 %": "경고 기준은 1~99% 사이여야 합니다",
  "Choose a calendar": "업무 달력을 선택하세요",
  "No such SLA policy": "SLA 정책을 찾을 수 없습니다",
};

export const KO_SLA_ADMIN_PATTERNS: [RegExp, (m: RegExpMatchArray) => string][] = [
  [/^A calendar named (.+) already exists$/, (m) => `'${m[1]}' 업무 달력이 이미 있습니다`],
  [/^An SLA policy named (.+) already exists$/, (m) => `'${m[1]}' SLA 정책이 이미 있습니다`],
  [/^(\d{4}-\d{2}-\d{2}) is already a holiday \((.+)\)$/, (m) => `${m[1]}은(는) 이미 휴일입니다 (${m[2]})`],
  [
    /^The calendar is used by the SLA policies (.+); choose another calendar for them first$/,
    (m) => `SLA 정책(${m[1]})이 이 달력을 쓰고 있습니다. 먼저 그 정책의 달력을 바꾸세요`,
  ],
];
