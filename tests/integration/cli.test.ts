import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { apiTokens, users } from "@/db/schema";
import { verifyPassword } from "@/lib/auth/password";
import { authenticateBearer } from "@/lib/tokens/authenticate";
import { hashSecret } from "@/lib/tokens/secret";
import { createTestUser, uniqueEmail, uniqueName, uniqueSuffix } from "@/tests/factories";
import { runWd } from "@/tests/support/processes";

function lastJsonLine(stdout: string): unknown {
  const lines = stdout.trim().split("\n");
  return JSON.parse(lines[lines.length - 1]);
}

// Each case starts a real process; give start-up room on a busy machine.
describe("the wd command line", { timeout: 60_000 }, () => {
  it("token create prints the secret once as JSON and stores only its hash", async () => {
    const { user } = await createTestUser({ role: "engineer" });
    const name = uniqueName("cli token");
    const result = await runWd(["token", "create", "--email", user.email.toUpperCase(), "--name", name, "--json"]);
    expect(result, result.stderr).toMatchObject({ code: 0 });

    const output = lastJsonLine(result.stdout) as { token: string };
    expect(Object.keys(output)).toEqual(["token"]);
    expect(output.token).toMatch(/^wd_[A-Za-z0-9_-]{43}$/);

    const rows = await getDb().select().from(apiTokens).where(eq(apiTokens.userId, user.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ name, tokenHash: hashSecret(output.token), createdById: null });
    const [raw] = await getDb().execute<{ row: string }>(
      sql`select row_to_json(t)::text as row from api_tokens t where id = ${rows[0].id}`,
    );
    expect(raw.row).not.toContain(output.token);

    const request = new Request("http://watchdesk.test/api/v1/tickets", {
      headers: { authorization: `Bearer ${output.token}` },
    });
    expect((await authenticateBearer(request)).actor).toMatchObject({ type: "token", userId: user.id });
  });

  it("user create reads the password from stdin and stores its hash", async () => {
    const email = uniqueEmail("cli");
    const password = `stdin pass ${uniqueSuffix()} `;
    const result = await runWd(
      ["user", "create", "--email", email, "--name", "Cli Person", "--role", "manager", "--json"],
      {
        stdin: `${password}\n`,
      },
    );
    expect(result, result.stderr).toMatchObject({ code: 0 });
    const output = lastJsonLine(result.stdout) as { id: string; email: string; role: string };
    expect(output).toMatchObject({ email, role: "manager" });

    const row = await getDb().query.users.findFirst({ where: eq(users.id, output.id) });
    expect(row).toMatchObject({ email, name: "Cli Person", role: "manager", isActive: true });
    expect(row?.passwordHash).not.toContain(password.trim());
    expect(await verifyPassword(row?.passwordHash ?? null, password)).toBe(true);
    expect(result.stdout).not.toContain(password.trim());
  });

  it("user create refuses a short password from stdin and creates nobody", async () => {
    const email = uniqueEmail("cli-short");
    const result = await runWd(["user", "create", "--email", email, "--name", "Short", "--role", "agent"], {
      stdin: "short\n",
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("error: password: Password must be at least 10 characters");
    expect(await getDb().select().from(users).where(eq(users.email, email))).toEqual([]);
  });
});
