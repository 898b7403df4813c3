// Generated service desk data for `npm run bench -- desk`, built server-side with generate_series: teams, services,
// ~50 users, N tickets over the last 24 months and ~5×N timeline entries, with bilingual (Korean/English) text.
import type postgres from "postgres";

const say = (message: string) => console.log(`[bench] ${message}`);

const TEAMS = [
  ["Service Desk", "1차 접수와 분류"],
  ["Network", "네트워크와 VPN"],
  ["Infrastructure", "서버와 스토리지"],
  ["Database", "데이터베이스 운영"],
  ["Business Applications", "ERP, 그룹웨어, 전자결재"],
  ["Security", "보안 관제와 계정"],
  ["End-user Computing", "PC, 프린터, 주변기기"],
  ["Cloud Platform", "Kubernetes, CI/CD"],
];

// [name, owner team index]
const SERVICES: [string, number][] = [
  ["VPN", 1],
  ["Wi-Fi", 1],
  ["DNS", 1],
  ["Load Balancer", 1],
  ["Email", 4],
  ["Mail Gateway", 5],
  ["Groupware 그룹웨어", 4],
  ["ERP", 4],
  ["전자결재", 4],
  ["HR 시스템", 4],
  ["CRM", 4],
  ["Intranet 인트라넷", 4],
  ["File Share", 2],
  ["Backup", 2],
  ["Object Storage", 2],
  ["Virtualization", 2],
  ["Database Cluster", 3],
  ["Data Warehouse", 3],
  ["SSO", 5],
  ["Endpoint Security", 5],
  ["출입관리", 5],
  ["Printing 프린터", 6],
  ["Laptops 노트북", 6],
  ["Telephony 내선 전화", 6],
  ["Video Conferencing 화상회의", 6],
  ["Kubernetes", 7],
  ["CI/CD", 7],
  ["Monitoring", 7],
  ["Payments API", 7],
  ["Message Queue", 7],
];

const SURNAMES = ["김", "이", "박", "최", "정", "강", "조", "윤", "장", "임", "한", "오", "서", "신", "권"];
const GIVEN = ["민준", "서연", "도윤", "지우", "하준", "서윤", "시우", "하은", "주원", "지호", "수아", "예준", "지민"];

// 50 users: 1 admin, 3 managers, 22 agents, 14 engineers, 10 requesters.
const ROLE_PLAN: [string, number][] = [
  ["admin", 1],
  ["manager", 3],
  ["agent", 22],
  ["engineer", 14],
  ["requester", 10],
];

const PEOPLE = ROLE_PLAN.reduce((sum, [, count]) => sum + count, 0);
const STAFF = PEOPLE - ROLE_PLAN.filter(([role]) => role === "requester").reduce((sum, [, count]) => sum + count, 0);

const V = {
  koSubj: [
    "VPN",
    "메일",
    "프린터",
    "노트북",
    "모니터",
    "그룹웨어",
    "ERP",
    "전자결재",
    "사내 메신저",
    "와이파이",
    "네트워크",
    "파일 서버",
    "메일 서버",
    "데이터베이스",
    "백업",
    "계정",
    "비밀번호",
    "권한",
    "홈페이지",
    "인트라넷",
    "화상회의",
    "내선 전화",
    "키보드",
    "공유 폴더",
    "클라우드 드라이브",
    "보안 프로그램",
    "백신",
    "인증서",
    "출입카드",
    "회의실 예약",
  ],
  koProb: [
    "접속 장애",
    "발송 지연",
    "로그인 불가",
    "속도 저하",
    "오류 발생",
    "연결 끊김",
    "동작 안 함",
    "응답 없음",
    "인쇄 안 됨",
    "용량 부족",
    "업데이트 실패",
    "화면 깨짐",
    "접근 거부",
    "동기화 오류",
    "서비스 장애",
    "인증서 만료",
  ],
  loc: ["3층", "5층", "7층", "본사", "판교 사옥", "부산 지점", "대전 센터", "회의실 A", "회의실 B", "재택", "IDC"],
  enComp: [
    "vpn",
    "printer",
    "laptop",
    "mail",
    "outlook",
    "wifi",
    "sso",
    "ldap",
    "dns",
    "jira",
    "confluence",
    "gitlab",
    "jenkins",
    "nginx",
    "api gateway",
    "load balancer",
    "kafka",
    "redis",
    "postgres",
    "backup job",
    "cron job",
    "s3 bucket",
    "k8s pod",
    "monitor",
  ],
  enState: [
    "offline",
    "down",
    "slow",
    "timeout",
    "not syncing",
    "crash loop",
    "502 bad gateway",
    "connection refused",
    "login failed",
    "certificate expired",
    "high latency",
    "out of memory",
    "packet loss",
    "not responding",
  ],
  enIssue: [
    "disk full",
    "high cpu",
    "memory leak",
    "restart loop",
    "replication lag",
    "inode exhaustion",
    "swap usage high",
    "ntp drift",
    "kernel panic",
    "raid degraded",
    "log rotation failed",
  ],
  hostPrefix: ["db", "web", "app", "api", "mail", "file", "k8s-node", "cache"],
  koReq: [
    "노트북 신규 지급 요청",
    "소프트웨어 설치 요청",
    "공유 폴더 권한 요청",
    "비밀번호 초기화 요청",
    "신규 입사자 계정 생성",
    "VPN 계정 발급 요청",
    "모니터 추가 요청",
    "라이선스 구매 요청",
    "메일링 리스트 추가",
    "출입카드 재발급",
    "회의실 장비 대여",
    "퇴사자 계정 삭제",
  ],
  enReq: [
    "new laptop for",
    "software install for",
    "shared drive access for",
    "password reset for",
    "new account for",
    "vpn access for contractor",
    "license request for",
    "mailing list change for",
    "monitor replacement for",
  ],
  koDetail: [
    "재부팅 후에도 동일합니다.",
    "급하게 확인 부탁드립니다.",
    "업무에 지장이 있습니다.",
    "어제부터 간헐적으로 발생합니다.",
    "팀원 전체가 같은 증상입니다.",
    "오류 메시지 캡처 첨부합니다.",
    "오전 회의 전까지 처리 부탁드립니다.",
    "다른 PC에서는 정상입니다.",
  ],
  enDetail: [
    "Rebooted, no change.",
    "Blocking the release.",
    "Affects the whole team.",
    "Started after the last update.",
    "Intermittent, roughly every hour.",
    "Works from another machine.",
    "Customer facing, please prioritise.",
  ],
  koComment: [
    "확인 중입니다.",
    "원격으로 접속해서 점검하겠습니다.",
    "재현되지 않습니다. 추가 정보 부탁드립니다.",
    "벤더에 문의했습니다. 회신 대기 중입니다.",
    "패치 적용 후 정상화되었습니다.",
    "VPN 클라이언트 재설치 후 해결되었습니다.",
    "디스크 정리 완료했습니다.",
    "네트워크 팀으로 이관합니다.",
    "사용자와 통화했습니다. 내일 다시 확인하겠습니다.",
    "임시 조치 완료, 원인 분석 중입니다.",
  ],
  enComment: [
    "Looking into it.",
    "Restarted the service, monitoring.",
    "Cleared old logs, disk usage back to 60%.",
    "Escalated to the network team.",
    "Could you send a screenshot of the error?",
    "Root cause: expired certificate on the load balancer.",
    "Rolled back the last deploy.",
    "Waiting for the vendor.",
    "Replication caught up, closing soon.",
  ],
  resolution: ["fixed", "workaround", "no_fault_found", "user_education", "duplicate", "rejected"],
  fields: ["priority", "serviceId", "teamId", "title", "impact", "urgency"],
};

const lit = (values: string[]) => `array[${values.map((v) => `'${v.replaceAll("'", "''")}'`).join(",")}]::text[]`;
// A uniformly random element of a text[] expression.
const pick = (array: string) => `(${array})[1 + floor(random() * cardinality(${array}))::int]`;

export type Generated = {
  tickets: number;
  activities: number;
  comments: number;
  heavyTickets: number;
  seconds: {
    reference: number;
    lifecycles?: number;
    tickets: number;
    activities: number;
    indexes: number;
    vacuum: number;
    total: number;
  };
  sizes: Record<string, string>;
};

const seconds = (start: number) => (performance.now() - start) / 1000;

// A bulk load's secondary indexes and foreign keys: dropped before it, recreated afterwards from their own
// definitions (checked equal), two sessions building at once since GIN builds are single-threaded.
export async function withoutIndexes(
  sql: postgres.Sql,
  tables: string[],
  load: () => Promise<void>,
  extraBuilder: () => postgres.Sql,
): Promise<number> {
  const definitions = () => sql<{ table: string; name: string; def: string }[]>`
      select c.relname as table, i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as def
        from pg_index i join pg_class c on c.oid = i.indrelid
       where c.relname = any(${tables}::text[]) and c.relnamespace = 'public'::regnamespace
         and not exists (select 1 from pg_constraint k where k.conindid = i.indexrelid)
       order by 1, 2`;
  const indexes = await definitions();
  const foreignKeys = await sql<{ table: string; name: string; def: string }[]>`
      select conrelid::regclass::text as table, conname as name, pg_get_constraintdef(oid) as def
        from pg_constraint
       where contype = 'f' and conrelid::regclass::text = any(${tables}::text[])
       order by 1, 2`;
  for (const fk of foreignKeys) await sql.unsafe(`alter table ${fk.table} drop constraint "${fk.name}"`);
  for (const index of indexes) await sql.unsafe(`drop index ${index.name}`);
  say(
    `dropped ${indexes.length} indexes and ${foreignKeys.length} foreign keys of ${tables.join(", ")} for the bulk load`,
  );

  await load();

  const start = performance.now();
  const builders = [sql, extraBuilder()];
  const queue = [...indexes].sort((a, b) => weight(b) - weight(a));
  await Promise.all(
    builders.map(async (db) => {
      for (let index = queue.shift(); index; index = queue.shift()) {
        const t = performance.now();
        await db.unsafe(index.def);
        say(`  index ${index.name}: ${seconds(t).toFixed(1)} s`);
      }
    }),
  );
  await builders[1].end({ timeout: 5 });
  for (const fk of foreignKeys) {
    const t = performance.now();
    await sql.unsafe(`alter table ${fk.table} add constraint "${fk.name}" ${fk.def}`);
    say(`  foreign key ${fk.name}: ${seconds(t).toFixed(1)} s`);
  }
  const rebuilt = await definitions();
  if (indexes.map((i) => i.def).join("\n") !== rebuilt.map((i) => i.def).join("\n"))
    throw new Error("recreated indexes differ from the migration's");
  const indexSeconds = seconds(start);
  say(`indexes and foreign keys recreated in ${indexSeconds.toFixed(1)} s`);
  return indexSeconds;
}

// Ticket lifecycles made elsewhere (the SLA benchmark's, with consistent status histories): session temp tables
// bench_life (one row per ticket by g, the tickets' creation order, which their rows keep in the table) and
// bench_changes (status changes), filled before the tickets are written.
export type Lifecycles = (sql: postgres.Sql, n: number) => Promise<void>;

// Loads the data into the migrated schema: the tickets/ticket_activities secondary indexes and foreign keys are
// dropped first and recreated afterwards, then VACUUM ANALYZE.
export async function generate(
  url: string,
  connect: (url: string, o: postgres.Options<Record<string, never>>) => postgres.Sql,
  n: number,
  lifecycles?: Lifecycles,
) {
  const begun = performance.now();
  const session = { maintenance_work_mem: "1GB", work_mem: "256MB", synchronous_commit: "off" };
  const sql = connect(url, { max: 1, connection: session });
  try {
    let start = performance.now();
    await sql`select setseed(0.4242)`;
    await referenceData(sql);
    const reference = seconds(start);

    let lifecycleSeconds = 0;
    let ticketSeconds = 0;
    let activitySeconds = 0;
    let activities = 0;
    const indexSeconds = await withoutIndexes(
      sql,
      ["tickets", "ticket_activities"],
      async () => {
        if (lifecycles) {
          start = performance.now();
          await lifecycles(sql, n);
          lifecycleSeconds = seconds(start);
          say(`lifecycles: ${lifecycleSeconds.toFixed(1)} s`);
        }
        start = performance.now();
        await sql.unsafe(ticketsInsert(n, Boolean(lifecycles)));
        ticketSeconds = seconds(start);
        say(`tickets: ${n.toLocaleString("en-US")} rows in ${ticketSeconds.toFixed(1)} s`);
        await sql`select setval('incident_number_seq', (select count(*) from tickets where type = 'incident'))`;
        await sql`select setval('request_number_seq', greatest(1, (select count(*) from tickets where type = 'service_request')))`;

        start = performance.now();
        await sql.unsafe(activitiesInsert(Boolean(lifecycles)));
        activitySeconds = seconds(start);
        [{ activities }] = await sql<
          { activities: number }[]
        >`select count(*)::int as activities from ticket_activities`;
        say(`ticket_activities: ${activities.toLocaleString("en-US")} rows in ${activitySeconds.toFixed(1)} s`);
      },
      () => connect(url, { max: 1, connection: session }),
    );

    start = performance.now();
    await sql`vacuum (analyze) tickets`;
    await sql`vacuum (analyze) ticket_activities`;
    await sql`analyze`;
    const vacuumSeconds = seconds(start);
    say(`vacuum analyze: ${vacuumSeconds.toFixed(1)} s`);

    const [counts] = await sql<{ comments: number; heavy: number }[]>`
      select (select count(*)::int from ticket_activities where kind = 'comment') as comments,
             (select count(*)::int from (select 1 from ticket_activities group by ticket_id having count(*) >= 100) h) as heavy`;
    const result: Generated = {
      tickets: n,
      activities,
      comments: counts.comments,
      heavyTickets: counts.heavy,
      seconds: {
        reference,
        lifecycles: lifecycleSeconds,
        tickets: ticketSeconds,
        activities: activitySeconds,
        indexes: indexSeconds,
        vacuum: vacuumSeconds,
        total: seconds(begun),
      },
      sizes: await sizes(sql),
    };
    return result;
  } finally {
    await sql.end({ timeout: 5 });
  }
}

function weight(index: { table: string; def: string }) {
  return (index.def.includes("USING gin") ? 100 : 0) + (index.table === "ticket_activities" ? 10 : 0);
}

export async function sizes(sql: postgres.Sql) {
  const rows = await sql<{ name: string; size: string }[]>`
    select name, pg_size_pretty(pg_table_size(name::regclass)) || ' table + ' ||
                 pg_size_pretty(pg_indexes_size(name::regclass)) || ' indexes' as size
      from unnest(array['tickets', 'ticket_activities']) as name`;
  return Object.fromEntries(rows.map((r) => [r.name, r.size]));
}

async function referenceData(sql: postgres.Sql) {
  const teamRows = await sql<{ id: string }[]>`
    insert into teams (name, description, assignment_strategy)
    select name, description, 'manual' from unnest(${TEAMS.map((t) => t[0])}::text[], ${TEAMS.map((t) => t[1])}::text[]) as x(name, description)
    returning id`;
  const teamIds = teamRows.map((r) => r.id);
  const people: { email: string; name: string; role: string }[] = [];
  let i = 0;
  for (const [role, count] of ROLE_PLAN) {
    for (let k = 0; k < count; k++, i++) {
      people.push({
        email: `bench-${role}-${k + 1}@example.com`,
        name: `${SURNAMES[i % SURNAMES.length]}${GIVEN[(i * 7) % GIVEN.length]}`,
        role,
      });
    }
  }
  const userRows = await sql<{ id: string; role: string }[]>`
    insert into users (email, name, password_hash, role, locale)
    select email, name, 'bench-no-login', role::role, 'ko'
      from unnest(${people.map((p) => p.email)}::text[], ${people.map((p) => p.name)}::text[], ${people.map((p) => p.role)}::text[]) as x(email, name, role)
    returning id, role`;
  const staff = userRows.filter((u) => u.role !== "requester" && u.role !== "admin");
  const members: { team: string; user: string }[] = [];
  staff.forEach((u, k) => {
    members.push({ team: teamIds[k % teamIds.length], user: u.id });
    if (k % 2 === 0) members.push({ team: teamIds[(k * 3 + 1) % teamIds.length], user: u.id });
  });
  const unique = [...new Map(members.map((m) => [`${m.team}/${m.user}`, m])).values()];
  await sql`
    insert into team_members (team_id, user_id, role)
    select team, "user", 'member' from unnest(${unique.map((m) => m.team)}::uuid[], ${unique.map((m) => m.user)}::uuid[]) as x(team, "user")`;
  await sql`
    insert into services (name, description, owner_team_id, criticality)
    select name, name || ' 서비스', (${teamIds}::uuid[])[team + 1], (array['critical','high','medium','low']::criticality[])[1 + ord % 4]
      from unnest(${SERVICES.map((s) => s[0])}::text[], ${SERVICES.map((s) => s[1])}::int[]) with ordinality as x(name, team, ord)`;
  // Lookups for the bulk inserts, in this session only.
  await sql`
    create temp table bench_teams as
    select row_number() over (order by t.id)::int - 1 as idx, t.id, array_agg(m.user_id order by m.user_id) as members
      from teams t join team_members m on m.team_id = t.id group by t.id`;
  await sql`
    create temp table bench_services as
    select row_number() over (order by s.id)::int - 1 as idx, s.id, bt.idx as team_idx
      from services s join bench_teams bt on bt.id = s.owner_team_id`;
  await sql`
    create temp table bench_people as
    select array_agg(id order by id) filter (where role <> 'requester') as staff, array_agg(id order by id) as everyone from users`;
  say(
    `reference data: ${teamIds.length} teams, ${userRows.length} users, ${unique.length} team memberships, ${SERVICES.length} services`,
  );
}

// g = 0 … n-1 in time order; every fifth ticket has types I I I R R, so numbers follow from g and are unique.
function ticketsInsert(n: number, life: boolean) {
  const title = `case when inc then
        case when r_tpl < 0.35 then ${pick(lit(V.koSubj))} || ' ' || ${pick(lit(V.koProb))}
             when r_tpl < 0.50 then ${pick(lit(V.koSubj))} || ' ' || ${pick(lit(V.koProb))} || ' (' || ${pick(lit(V.loc))} || ')'
             when r_tpl < 0.75 then ${pick(lit(V.enIssue))} || ' on ' || host
             when r_tpl < 0.90 then ${pick(lit(V.enComp))} || ' ' || ${pick(lit(V.enState))} || ' ' || ${pick(lit(V.loc))}
             else ${pick(lit(V.enComp))} || ' ' || ${pick(lit(V.enState))} end
      else
        case when r_tpl < 0.55 then ${pick(lit(V.koReq))} || case when r_tpl < 0.25 then ' - ' || ${pick(lit(V.loc))} else '' end
             else ${pick(lit(V.enReq))} || ' ' || ${pick(lit(V.koSubj))} end
      end`;
  const description = `case when r_desc < 0.40 then ${pick(lit(V.loc))} || '에서 ' || ${pick(lit(V.koSubj))} || ' ' || ${pick(lit(V.koProb))} || ' 현상이 있습니다. ' || ${pick(lit(V.koDetail))}
        when r_desc < 0.70 then 'Users report ' || ${pick(lit(V.enComp))} || ' ' || ${pick(lit(V.enState))} || ' since ' || lpad((floor(random() * 24))::text, 2, '0') || ':' || lpad((floor(random() * 60))::text, 2, '0') || '. ' || ${pick(lit(V.enDetail))}
        when r_desc < 0.85 then 'Alert: ' || ${pick(lit(V.enIssue))} || ' on ' || host || ' (' || (50 + floor(random() * 50))::int || '%). ' || ${pick(lit(V.enDetail))}
        else ${pick(lit(V.koDetail))} || ' ' || ${pick(lit(V.enDetail))} || ' 오류 코드 E' || (1000 + floor(random() * 9000))::int end`;
  return `
    insert into tickets (id, number, type, title, description, status, impact, urgency, priority, service_id, team_id,
                         assignee_id, requester_id, pending_reason, resolution_code, resolution_note, version,
                         created_at, updated_at, acknowledged_at, resolved_at, closed_at${life ? ", first_event_at, reopened_at" : ""})
    select ${life ? "l_id" : "gen_random_uuid()"},
           case when inc then 'INC-' else 'REQ-' end || lpad(num::text, greatest(6, length(num::text)), '0'),
           case when inc then 'incident' else 'service_request' end::ticket_type,
           ${title}, ${description},
           status::ticket_status,
           (array[1,1,2,2,3])[pri], (array[1,2,2,3,3])[pri], ('P' || pri)::priority,
           service_id, team_id,
           case when r_asg < case when status = 'new' then 0.2 when status in ('resolved','closed') then 0.62 else 0.85 end
                then members[1 + floor(r_who * cardinality(members))::int] end,
           (select everyone from bench_people)[1 + floor(r_req * ${PEOPLE})::int],
           case when status = 'pending' then '사용자 회신 대기 / waiting for the user' end,
           case when resolved then ${pick(lit(V.resolution))}::resolution_code end,
           case when resolved then ${pick(lit(V.koComment))} end,
           1 + floor(r_dur * 6)::int,
           created,
           ${life ? "l_updated" : "least(now(), coalesce(closed_at, resolved_at, created + (now() - created) * r_upd))"},
           ${life ? "l_ack" : "case when status <> 'new' then least(now(), created + interval '20 minutes' * r_dur) end"},
           resolved_at, closed_at${life ? ", l_first, l_reopened" : ""}
      from (
        select *, case when status in ('resolved','closed') then true else false end as resolved,
               ${life ? "l_resolved" : "case when status in ('resolved','closed') then least(now(), created + interval '2 days' * (-ln(1 - r_dur))) end"} as resolved_at,
               ${life ? "l_closed" : "case when status = 'closed' then least(now(), created + interval '2 days' * (-ln(1 - r_dur)) + interval '3 days') end"} as closed_at
          from (
            select *,
                   ${
                     life
                       ? "l_status as status, l_pri as pri,"
                       : `case when r_open < 0.04 + 0.8 * exp(-20 * age)
                        then case when r_st < 0.25 then 'new' when r_st < 0.45 then 'acknowledged' when r_st < 0.8 then 'in_progress' else 'pending' end
                        else case when age > 0.02 and r_st < 0.85 then 'closed' else 'resolved' end end as status,
                   case when r_pri < 0.03 then 1 when r_pri < 0.15 then 2 when r_pri < 0.55 then 3 when r_pri < 0.90 then 4 else 5 end as pri,`
                   }
                   case when inc then (g / 5) * 3 + g % 5 + 1 else (g / 5) * 2 + g % 5 - 2 end as num
              from (
                select g, g % 5 < 3 as inc, 1 - (g + 0.5) / ${n}::float8 as age,
                       ${life ? "l_created" : `now() - interval '730 days' * (1 - (g + random()) / ${n}::float8)`} as created,${life ? " l_id, l_status, l_pri, l_first, l_ack, l_resolved, l_closed, l_reopened, l_updated," : ""}
                       random() as r_open, random() as r_st, random() as r_pri, random() as r_asg, random() as r_who,
                       random() as r_req, random() as r_tpl, random() as r_desc, random() as r_dur, random() as r_upd,
                       ${pick(lit(V.hostPrefix))} || '-' || lpad((1 + floor(random() * 24))::int::text, 2, '0') as host,
                       s.id as service_id, bt.id as team_id, bt.members
                  from (select ${life ? "l.lg as g" : "g"}, random() as r_svc, random() as r_team${life ? ", l.*" : ""} from ${life ? "bench_life l" : `generate_series(0, ${n - 1}) as g`} offset 0) x
                  left join bench_services s on x.r_svc < 0.85 and s.idx = floor(x.r_svc / 0.85 * 30)::int
                  join bench_teams bt on bt.idx = case when s.id is not null and x.r_team < 0.9 then s.team_idx else floor(x.r_team * 8)::int end
                offset 0
              ) a
            offset 0
          ) b
        offset 0
      ) c${life ? " order by g" : ""}`;
}

// About 5 entries per ticket (1 in 1,000 tickets has 100–299), spread between creation and resolution, inserted in
// time order so a ticket's entries lie scattered over the table as they would after months of use. With lifecycles,
// the status changes are bench_changes' and the other kinds keep their proportions.
function activitiesInsert(life: boolean) {
  const statuses = lit(["new", "acknowledged", "in_progress", "pending", "resolved"]);
  const lifeChanges = `
    union all
    select c.ticket_id, 'status_change'::activity_kind, 'public'::visibility, 'user'::actor_type,
           coalesce(t.assignee_id, (select staff from bench_people)[1 + abs(hashtext(c.ticket_id::text)::bigint) % ${STAFF}]),
           '', jsonb_build_object('from', c."from", 'to', c."to"), c.at
      from bench_changes c join tickets t on t.id = c.ticket_id`;
  return `
    insert into ticket_activities (ticket_id, kind, visibility, actor_type, actor_id, body, data, created_at)
    select * from (
    select ticket_id, kind::activity_kind,
           case when kind = 'comment' and r_vis < 0.4 then 'internal' when kind in ('field_change', 'assignment') then 'internal' else 'public' end::visibility,
           'user'::actor_type, coalesce(case when r_vis < 0.7 then assignee_id end, (select staff from bench_people)[1 + floor(r_who * ${STAFF})::int]),
           case when kind = 'comment' then
                  case when r_body < 0.5 then ${pick(lit(V.koComment))}
                       when r_body < 0.85 then ${pick(lit(V.enComment))}
                       when r_body < 0.95 then ${pick(lit(V.koComment))} || ' ' || ${pick(lit(V.enIssue))} || ' on ' || ${pick(lit(V.hostPrefix))} || '-' || lpad((1 + floor(random() * 24))::int::text, 2, '0')
                       else ${pick(lit(V.koComment))} || ' ' || ${pick(lit(V.enComment))} || ' 오류 코드 E' || (1000 + floor(random() * 9000))::int end
                else '' end,
           case kind
             when 'comment' then '{}'::jsonb
             when 'status_change' then jsonb_build_object('from', ${pick(statuses)}, 'to', ${pick(statuses)})
             when 'field_change' then jsonb_build_object('changes', jsonb_build_array(jsonb_build_object('field', ${pick(lit(V.fields))},
                                        'from', 'P' || (1 + floor(random() * 5))::int, 'to', 'P' || (1 + floor(random() * 5))::int)))
             else jsonb_build_object('from', null, 'to', assignee_id, 'strategy', 'manual') end,
           at
      from (
        select ticket_id, assignee_id, r_vis, r_who, r_body,
               ${
                 life
                   ? "case when r_kind < 0.46 then 'comment' when r_kind < 0.77 then 'field_change' else 'assignment' end as kind,"
                   : `case when r_kind < 0.30 then 'comment' when r_kind < 0.65 then 'status_change'
                    when r_kind < 0.85 then 'field_change' else 'assignment' end as kind,`
               }
               least(now(), created_at + (ended - created_at) * ((k - r_at) / c)) as at
          from (
            select t.id as ticket_id, t.assignee_id, t.created_at, t.ended, t.c, k, random() as r_kind,
                   random() as r_vis, random() as r_who, random() as r_body, random() as r_at
              from (
                select id, assignee_id, created_at, coalesce(closed_at, resolved_at, now()) as ended,
                       case when abs(hashtext(id::text)::bigint) % 1000 = 0 then 100 + abs(hashtext(id::text || 'n')::bigint) % 200
                            else 1 + floor(random() * ${life ? 5.6 : 8.6})::int end as c
                  from tickets offset 0
              ) t
              cross join lateral generate_series(1, t.c) as k
            offset 0
          ) q
        offset 0
      ) a
    ${life ? lifeChanges : ""}
    ) entries
    order by 8`;
}
