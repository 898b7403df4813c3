import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

const booleanish = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .transform((v) => v === "true" || v === "1" || v === "yes");

export const Env = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z
    .string({ error: "DATABASE_URL is required, e.g. postgres://user@host:5432/watchdesk" })
    .regex(/^postgres(ql)?:\/\//, "DATABASE_URL must start with postgres:// or postgresql://"),
  REDIS_URL: z
    .string({ error: "REDIS_URL is required, e.g. redis://127.0.0.1:6379" })
    .regex(/^rediss?:\/\//, "REDIS_URL must start with redis:// or rediss://"),
  REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_.-]+$/, "REDIS_PREFIX may hold letters, digits, '_', '.' and '-' only")
    .default("wd"),
  NEXTAUTH_SECRET: z.string().min(32, "NEXTAUTH_SECRET must be at least 32 characters").optional(),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  APP_URL: z.url("APP_URL must be a URL such as http://localhost:3000").default("http://localhost:3000"),
  DEFAULT_TIMEZONE: z
    .string()
    .refine(isTimeZone, "DEFAULT_TIMEZONE must be an IANA time zone such as Asia/Seoul")
    .default("Asia/Seoul"),
  DEFAULT_LOCALE: z.enum(["ko", "en"]).default("ko"),
  DEMO_PASSWORD: z.string().min(8, "DEMO_PASSWORD must be at least 8 characters").default("watchdesk-demo"),
  SEED_DEMO: booleanish.default(true),
  LOGIN_MAX_FAILURES_PER_ACCOUNT: z.coerce.number().int().min(1).default(5),
  LOGIN_MAX_FAILURES_PER_IP: z.coerce.number().int().min(1).default(50),
  LOGIN_WINDOW_SECONDS: z.coerce.number().int().min(1).default(900),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(4),
  ENGINE_GROUP_WINDOW_MINUTES: z.coerce.number().int().min(1).default(60),
  ENGINE_REOPEN_WINDOW_MINUTES: z.coerce.number().int().min(0).default(30),
  ENGINE_SWEEP_AFTER_SECONDS: z.coerce.number().int().min(1).default(30),
  ENGINE_SWEEP_INTERVAL_SECONDS: z.coerce.number().int().min(1).default(10),
  SLA_SWEEP_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  TICKET_REOPEN_WINDOW_DAYS: z.coerce.number().int().min(0).default(7),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, "SMTP_URL must start with smtp:// or smtps://, e.g. smtp://user:pass@mail.example.com:587")
    .optional(),
  SMTP_FROM: z.string().min(3).default("Watchdesk <watchdesk@localhost>"),
  VAPID_PUBLIC_KEY: z.string().min(40, "VAPID_PUBLIC_KEY must be a base64url P-256 public key").optional(),
  VAPID_PRIVATE_KEY: z.string().min(20, "VAPID_PRIVATE_KEY must be a base64url P-256 private key").optional(),
  VAPID_SUBJECT: z
    .string()
    .regex(/^(mailto:|https:\/\/)/, "VAPID_SUBJECT must be a mailto: or https: URL")
    .optional(),
  ONE_TAP_LINK_HOURS: z.coerce.number().min(0.01).max(168).default(24),
  ESCALATION_SWEEP_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(3600).default(15),
  NOTIFY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(6),
  // Where npm start keeps generated secrets (NEXTAUTH_SECRET, VAPID keys); shared by the web server and the workers.
  WATCHDESK_DATA_DIR: z.string().min(1).default(".data"),
  ATTACHMENT_MAX_MB: z.coerce.number().min(0.01).max(10).default(10),
});
export type Env = z.infer<typeof Env>;

export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export class EnvError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid environment:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "EnvError";
  }
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const result = Env.safeParse(cleaned);
  if (!result.success) {
    throw new EnvError(result.error.issues.map((i) => `${i.path.join(".") || "env"}: ${i.message}`));
  }
  return result.data;
}

let cached: Env | undefined;

export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

// Only the web process signs sessions; the CLI and workers run without the secret.
export function sessionSecret(): string {
  const secret = env().NEXTAUTH_SECRET;
  if (!secret)
    throw new EnvError(["NEXTAUTH_SECRET: required by the web server (npm start generates one into .data/)"]);
  return secret;
}

// For the command line: fill DATABASE_URL/REDIS_URL from the servers `npm start` last used, unless they are set.
export function loadRuntimeEnv(source: Record<string, string | undefined> = process.env) {
  const file = path.join(source.WATCHDESK_DATA_DIR || ".data", "runtime.env");
  if (!existsSync(file)) return;
  for (const line of readFileSync(file, "utf8").split("\n")) {
    const match = /^(DATABASE_URL|REDIS_URL)=(.+)$/.exec(line.trim());
    if (match && !source[match[1]]) source[match[1]] = match[2];
  }
}
