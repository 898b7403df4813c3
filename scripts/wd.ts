import { parseArgs } from "node:util";
import { eq, sql } from "drizzle-orm";
import { closeDb, getDb, getSql } from "@/db/client";
import { runMigrations } from "@/db/migrate";
import { users } from "@/db/schema";
import { systemCtx } from "@/lib/context";
import { EnvError, env, loadRuntimeEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { createIntegration } from "@/lib/integrations/create";
import { resolveServiceRef, resolveTeamRef } from "@/lib/integrations/refs";
import { senderSnippet } from "@/lib/integrations/snippets";
import { closeRedis } from "@/lib/redis";
import { isDatabaseEmpty, seedDemo } from "@/lib/seed/demo";
import { hasSlaCalendars, installSlaDefaults } from "@/lib/sla/defaults";
import { createApiToken } from "@/lib/tokens/create";
import { createUser } from "@/lib/users/create";

const USAGE = `Usage: npm run -s wd -- <command>

  migrate                                        apply database migrations
  seed [--if-empty]                              seed the demo organisation (DEMO_PASSWORD)
  sla defaults [--if-empty]                      install the Seoul and 24×7 calendars and the default SLA policies
  user create --email E --name N --role R        create a user; password read from stdin
  token create --email E --name N [--expires-days D] [--json]
                                                 create an API token; the secret is printed once
  integration create --kind alertmanager|grafana|pagerduty|generic --name N [--service S] [--team T] [--json]
                                                 create an integration (S, T: name or id); the key is printed once`;

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write("Password: ");
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) {
    chunks.push(chunk as Buffer);
    if (process.stdin.isTTY && chunk.toString().includes("\n")) break;
  }
  return Buffer.concat(chunks)
    .toString("utf8")
    .replace(/\r?\n$/, "");
}

function required(values: Record<string, unknown>, name: string): string {
  const value = values[name];
  if (typeof value !== "string" || !value) throw new AppError("invalid", `--${name} is required`);
  return value;
}

async function main(argv: string[]) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      email: { type: "string" },
      name: { type: "string" },
      role: { type: "string" },
      json: { type: "boolean", default: false },
      "if-empty": { type: "boolean", default: false },
      "expires-days": { type: "string" },
      kind: { type: "string" },
      service: { type: "string" },
      team: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  const [command, sub] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  loadRuntimeEnv();
  env();
  const db = getDb();
  const ctx = systemCtx(db, "cli");

  if (command === "migrate") {
    await runMigrations(getSql());
    console.log("Migrations applied.");
    return 0;
  }
  if (command === "seed") {
    if (values["if-empty"] && !(await isDatabaseEmpty(db))) {
      console.log("Database already has users; demo data not seeded.");
      return 0;
    }
    const result = await seedDemo(db, env().DEMO_PASSWORD);
    console.log(`Seeded demo organisation. Sign in as ${result.users.join(", ")} with DEMO_PASSWORD.`);
    return 0;
  }
  if (command === "sla" && sub === "defaults") {
    if (values["if-empty"] && (await hasSlaCalendars(ctx))) {
      console.log("SLA calendars exist; defaults not installed.");
      return 0;
    }
    await installSlaDefaults(ctx);
    console.log("Installed the default SLA calendars and policies.");
    return 0;
  }
  if (command === "user" && sub === "create") {
    const email = required(values, "email");
    const name = required(values, "name");
    const role = required(values, "role");
    const password = await readStdin();
    const user = await createUser(ctx, { email, name, role: role as never, password });
    if (values.json) console.log(JSON.stringify({ id: user.id, email: user.email, role: user.role }));
    else console.log(`Created ${user.role} ${user.email} (${user.id}).`);
    return 0;
  }
  if (command === "token" && sub === "create") {
    const email = required(values, "email").toLowerCase();
    const name = required(values, "name");
    const owner = await db.query.users.findFirst({ where: eq(sql`lower(${users.email})`, email) });
    if (!owner) throw new AppError("not_found", `No user with email ${email}`);
    const expiresInDays = values["expires-days"] ? Number(values["expires-days"]) : undefined;
    const { token, secret } = await createApiToken(ctx, { userId: owner.id, name, expiresInDays });
    if (values.json) console.log(JSON.stringify({ token: secret }));
    else {
      console.log(`Created API token "${token.name}" for ${owner.email}. It is shown only once:\n`);
      console.log(`  ${secret}\n`);
      console.log("Use it as: Authorization: Bearer <token>");
    }
    return 0;
  }
  if (command === "integration" && sub === "create") {
    const kind = required(values, "kind");
    const name = required(values, "name");
    const serviceId = await resolveServiceRef(db, values.service);
    const teamId = await resolveTeamRef(db, values.team);
    const { integration, key, url } = await createIntegration(ctx, { kind: kind as never, name, serviceId, teamId });
    if (values.json) console.log(JSON.stringify({ key, id: integration.id, url }));
    else {
      console.log(`Created ${integration.kind} integration "${integration.name}". Its key is shown only once:\n`);
      console.log(`  ${key}\n`);
      console.log(`Endpoint: ${url}\n`);
      console.log(senderSnippet(integration.kind, url, key));
    }
    return 0;
  }
  console.error(`Unknown command: ${positionals.join(" ")}\n\n${USAGE}`);
  return 2;
}

main(process.argv.slice(2))
  .then((code) => (process.exitCode = code))
  .catch((error) => {
    if (error instanceof AppError || error instanceof EnvError) console.error(`error: ${error.message}`);
    else if (error instanceof TypeError && (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      console.error(`error: ${error.message}\n\n${USAGE}`);
    } else console.error(error);
    process.exitCode = 1;
  })
  .finally(async () => {
    await closeDb();
    await closeRedis();
  });
