// Korean for the on-call schedule verbs' messages; merged into lib/i18n/validation.ts.
export const KO_SCHEDULES_EXACT: Record<string, string> = {
  "Give the schedule a name": "일정 이름을 입력하세요",
  "No such schedule": "일정을 찾을 수 없습니다",
  "Give the layer a name": "레이어 이름을 입력하세요",
  "Choose daily, weekly or custom": "교대 주기를 선택하세요",
  "Enter the shift length in whole hours": "근무 시간을 시간 단위 정수로 입력하세요",
  "A shift lasts 1 to 2160 hours": "근무 시간은 1~2160시간이어야 합니다",
  "At most 70 time ranges": "시간대는 70개까지 추가할 수 있습니다",
  "Choose people from the list": "목록에서 담당자를 선택하세요",
  "Add at least one person to the rotation": "교대에 한 명 이상 추가하세요",
  "A rotation with no members puts nobody on call: add at least one person":
    "담당자가 없는 교대는 아무도 온콜을 맡지 않습니다. 한 명 이상 추가하세요",
  "At most 50 people in a rotation": "교대에는 50명까지 넣을 수 있습니다",
  "No such layer": "레이어를 찾을 수 없습니다",
  "Move up or down": "위나 아래로만 옮길 수 있습니다",
  "Choose a person": "담당자를 선택하세요",
  "A note is at most 500 characters": "메모는 500자 이하로 입력하세요",
  "An override lasts at most a year": "대체 근무는 최대 1년까지 지정할 수 있습니다",
  "No such override": "대체 근무를 찾을 수 없습니다",
  "Add at least one time range, or choose around the clock": "시간대를 하나 이상 추가하거나 24시간을 선택하세요",
};

export const KO_SCHEDULES_PATTERNS: [RegExp, (m: RegExpMatchArray) => string][] = [
  [/^A schedule named (.+) already exists$/, (m) => `'${m[1]}' 일정이 이미 있습니다`],
  [
    /^(.+) cannot be on call: choose active staff$/,
    (m) => `${m[1]}님은 온콜을 맡을 수 없습니다. 활성 상태인 직원을 선택하세요`,
  ],
  [
    /^This overlaps the override for (.+) from (.+) to (.+) \((.+)\)$/,
    (m) => `${m[1]}님의 대체 근무(${m[2]} ~ ${m[3]}, ${m[4]})와 겹칩니다`,
  ],
  [
    /^The schedule (.+) was changed by someone else after you opened it; reload and save again$/,
    (m) => `다른 사람이 '${m[1]}' 일정을 먼저 바꿨습니다. 새로 고친 뒤 다시 저장하세요`,
  ],
  [
    /^The schedule is used by the escalation policies (.+); remove it from their steps first$/,
    (m) => `에스컬레이션 정책 ${m[1]}에서 이 일정을 호출합니다. 먼저 정책의 단계에서 이 일정을 빼세요`,
  ],
];
