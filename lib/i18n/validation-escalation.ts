// Korean for the escalation policy and engine verbs' messages; merged into lib/i18n/validation.ts.
export const KO_ESCALATION_EXACT: Record<string, string> = {
  "Choose whom to notify: a schedule, a user, a team or a webhook":
    "호출 대상의 종류를 선택하세요 (스케줄, 사용자, 팀, 웹훅)",
  "Choose whom to notify": "호출할 대상을 선택하세요",
  "The delay is a whole number of minutes": "지연 시간은 분 단위 정수로 입력하세요",
  "The delay is between 0 and 1440 minutes": "지연 시간은 0~1440분 사이여야 합니다",
  "The wait before repeating is a whole number of minutes": "반복 전 대기 시간은 분 단위 정수로 입력하세요",
  "The wait before repeating is between 1 and 1440 minutes": "반복 전 대기 시간은 1~1440분 사이여야 합니다",
  "The acknowledgement timeout is a whole number of minutes": "확인 제한 시간은 분 단위 정수로 입력하세요",
  "The acknowledgement timeout is between 1 and 1440 minutes": "확인 제한 시간은 1~1440분 사이여야 합니다",
  "Add at least one target to the step": "단계에 호출 대상을 하나 이상 추가하세요",
  "A step notifies at most 10 targets": "한 단계의 호출 대상은 10개까지입니다",
  "Add at least one step": "단계를 하나 이상 추가하세요",
  "A policy has at most 20 steps": "정책의 단계는 20개까지입니다",
  "Repeat between 0 and 9 times": "반복 횟수는 0~9회 사이여야 합니다",
  "No such schedule": "스케줄을 찾을 수 없습니다",
  "No such user": "사용자를 찾을 수 없습니다",
  "No such webhook": "웹훅을 찾을 수 없습니다",
  "No such escalation policy": "에스컬레이션 정책을 찾을 수 없습니다",
  "Link a policy to a service or a team": "정책은 서비스나 팀에 연결하세요",
};

export const KO_ESCALATION_PATTERNS: [RegExp, (m: RegExpMatchArray) => string][] = [
  [/^An escalation policy named (.+) already exists$/, (m) => `'${m[1]}' 에스컬레이션 정책이 이미 있습니다`],
  [
    /^The escalation policy (.+) is used by (.+); choose another policy for them first$/,
    (m) =>
      `'${m[1]}' 정책을 ${m[2]
        .replace(/^services /, "서비스 ")
        .replace(/ and teams /, ", 팀 ")
        .replace(/^teams /, "팀 ")}에서 쓰고 있습니다. 먼저 그곳의 정책을 바꾸세요`,
  ],
  [
    /^The escalation policy (.+) was changed by someone else after you opened it; reload and save again$/,
    (m) => `다른 사람이 '${m[1]}' 정책을 먼저 바꿨습니다. 새로 고친 뒤 다시 저장하세요`,
  ],
  [/^No escalation policy applies to (.+)$/, (m) => `${m[1]}에 적용되는 에스컬레이션 정책이 없습니다`],
  [
    /^(\S+) is (\S+); only an open incident can be escalated$/,
    (m) => `${m[1]}은(는) 이미 종료된 상태라 에스컬레이션할 수 없습니다`,
  ],
];
