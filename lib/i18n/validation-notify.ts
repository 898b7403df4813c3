// Korean for the notification rules, push subscription and webhook verbs' messages; merged into lib/i18n/validation.ts.
export const KO_NOTIFY_EXACT: Record<string, string> = {
  "Choose email or push": "이메일 또는 푸시를 선택하세요",
  "Enter the delay in minutes": "지연 시간을 분 단위로 입력하세요",
  "Enter whole minutes": "분 단위 정수로 입력하세요",
  "Choose priorities from P1 to P5": "우선순위는 P1에서 P5 중에서 고르세요",
  "No such rule": "규칙을 찾을 수 없습니다",
  "No such browser": "브라우저를 찾을 수 없습니다",
  "No browser is subscribed to push notifications": "푸시 알림을 구독한 브라우저가 없습니다",
  "The push endpoint must be an https URL": "푸시 엔드포인트는 https URL이어야 합니다",
  "Give the URL to post to": "보낼 URL을 입력하세요",
  "The URL must start with http:// or https://": "URL은 http:// 또는 https://로 시작해야 합니다",
  "The URL is at most 2000 characters": "URL은 2000자 이하로 입력하세요",
  "Format must be json or slack": "형식을 선택하세요",
  "No such webhook": "웹훅을 찾을 수 없습니다",
  "email is not configured (set SMTP_URL)": "이메일이 설정되어 있지 않습니다 (SMTP_URL)",
};

export const KO_NOTIFY_PATTERNS: [RegExp, (m: RegExpMatchArray) => string][] = [
  [/^You can have at most (\d+) notification rules$/, (m) => `알림 규칙은 최대 ${m[1]}개까지 만들 수 있습니다`],
  [/^name: A webhook named (.+) already exists$/, (m) => `name: ${m[1]} 웹훅이 이미 있습니다`],
];
