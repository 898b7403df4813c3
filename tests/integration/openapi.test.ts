import { readdirSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as openApiRoute } from "@/app/api/v1/openapi.json/route";
import { AddCommentBody, CreateTicketBody, UpdateTicketBody } from "@/lib/api/schemas";
import { callRoute } from "../support/api";
import { REPO_ROOT } from "../support/processes";

const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"] as const;
const UNDOCUMENTED = new Set(["app/api/auth/[...nextauth]/route.ts", "app/api/v1/openapi.json/route.ts"]);

type Operation = {
  operationId: string;
  security?: unknown[];
  requestBody?: unknown;
  responses: Record<string, unknown>;
};
type Document = {
  openapi: string;
  security: unknown[];
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, { properties?: Record<string, unknown>; additionalProperties?: unknown }> };
};

function routeFiles(dir: string): string[] {
  return readdirSync(path.join(REPO_ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return routeFiles(relative);
    return entry.name === "route.ts" ? [relative] : [];
  });
}

const urlPathOf = (file: string) =>
  file
    .replace(/^app/, "")
    .replace(/\/route\.ts$/, "")
    .replace(/\[([^\]]+)\]/g, "{$1}");

function refsIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(refsIn);
  if (value && typeof value === "object") {
    return Object.entries(value).flatMap(([key, v]) => (key === "$ref" && typeof v === "string" ? [v] : refsIn(v)));
  }
  return [];
}

function resolvePointer(document: unknown, pointer: string): unknown {
  return pointer
    .replace(/^#\//, "")
    .split("/")
    .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], document);
}

describe("GET /api/v1/openapi.json", () => {
  let document: Document;
  let status: number;
  let contentType: string | null;
  const files = [...routeFiles("app/api"), ...routeFiles("app/v2")];

  beforeAll(async () => {
    const answer = await callRoute(openApiRoute, "GET", "/api/v1/openapi.json");
    status = answer.status;
    contentType = answer.headers.get("content-type");
    document = JSON.parse(answer.text);
  });

  it("answers an OpenAPI 3.1 document without a token", () => {
    expect(status).toBe(200);
    expect(contentType).toMatch(/^application\/json/);
    expect(document.openapi).toBe("3.1.0");
    expect(document.security).toEqual([{ apiToken: [] }]);
  });

  it("describes every route file and every method it exports, and nothing else", async () => {
    expect(files.length).toBeGreaterThan(10);
    const documented = files.filter((file) => !UNDOCUMENTED.has(file));
    for (const file of documented) {
      const urlPath = urlPathOf(file);
      expect(document.paths, `${file} has no path ${urlPath} in the document`).toHaveProperty([urlPath]);
      const module = (await import(path.join(REPO_ROOT, file))) as Record<string, unknown>;
      const exported = HTTP_METHODS.filter((m) => typeof module[m] === "function").map((m) => m.toLowerCase());
      const described = Object.keys(document.paths[urlPath]).filter((key) => key !== "parameters");
      expect(described.sort(), urlPath).toEqual(exported.sort());
    }
    const known = new Set(files.map(urlPathOf));
    for (const urlPath of Object.keys(document.paths)) expect(known, `stale path ${urlPath}`).toContain(urlPath);
  });

  it("resolves every $ref, names each operation once and gives each a success answer", () => {
    for (const ref of refsIn(document)) expect(resolvePointer(document, ref), ref).toBeDefined();
    const operations = Object.values(document.paths).flatMap((item) =>
      Object.entries(item)
        .filter(([key]) => key !== "parameters")
        .map(([, operation]) => operation),
    );
    const ids = operations.map((o) => o.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const operation of operations) {
      expect(
        Object.keys(operation.responses).some((code) => /^2\d\d$/.test(code)),
        operation.operationId,
      ).toBe(true);
    }
  });

  it("takes the request bodies from the schemas the routes validate with", () => {
    for (const [id, schema] of [
      ["CreateTicket", CreateTicketBody],
      ["UpdateTicket", UpdateTicketBody],
      ["AddComment", AddCommentBody],
    ] as const) {
      const component = document.components.schemas[id];
      expect(Object.keys(component.properties ?? {}).sort(), id).toEqual(Object.keys(schema.shape).sort());
      expect(component.additionalProperties, id).toBe(false);
    }
    const body = (urlPath: string, method: string) => document.paths[urlPath][method].requestBody;
    expect(refsIn(body("/api/v1/tickets", "post"))).toEqual(["#/components/schemas/CreateTicket"]);
    expect(refsIn(body("/api/v1/tickets/{number}", "patch"))).toEqual(["#/components/schemas/UpdateTicket"]);
    expect(refsIn(body("/api/v1/tickets/{number}/comments", "post"))).toEqual(["#/components/schemas/AddComment"]);
    expect(document.paths["/v2/enqueue"].post.security).toContainEqual({});
    expect(document.paths["/api/v1/integrations/alertmanager"].post.security).toEqual([
      { integrationKey: [] },
      { integrationKeyQuery: [] },
    ]);
  });
});
