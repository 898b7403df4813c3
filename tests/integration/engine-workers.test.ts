// Issue 3, done-when 3, at suite size: 6,000 events (scripts/engine-stream.ts runs the full 20,000 the same way).

import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, getSql } from "@/db/client";
import { runMigrations } from "@/db/migrate";
import { env } from "@/lib/env";
import {
  buildStream,
  freePort,
  insertStreamIntegration,
  outcome,
  runStream,
  startRedis,
  stopProcess,
} from "@/tests/support/engine-stream";

const EVENTS = 6_000;
const GROUPS = 200;
const CHUNK = 250;

const databases: string[] = [];
let redis: ChildProcess;
let port: number;

async function scratchDatabase() {
  const name = `wd_stream_${randomBytes(5).toString("hex")}`;
  await getSql().unsafe(`create database "${name}"`);
  databases.push(name);
  const url = new URL(env().DATABASE_URL);
  url.pathname = `/${name}`;
  const scratch = createDb(url.toString(), { max: 3 });
  await runMigrations(scratch.sql);
  await insertStreamIntegration(scratch);
  return { scratch, url: url.toString() };
}

beforeAll(async () => {
  port = await freePort();
  redis = await startRedis(port);
});

afterAll(async () => {
  await stopProcess(redis, "SIGKILL");
  for (const name of databases) await getSql().unsafe(`drop database if exists "${name}" with (force)`);
});

describe("four worker processes against one", () => {
  it("produce the same incidents and alerts with no duplicates, losing nothing to kill -9 or a Redis restart", {
    timeout: 300_000,
  }, async () => {
    const stream = buildStream(EVENTS, GROUPS);
    const chunks = Math.ceil(EVENTS / CHUNK);
    const many = await scratchDatabase();
    const one = await scratchDatabase();
    try {
      await runStream({
        scratch: many.scratch,
        databaseUrl: many.url,
        stream,
        workerCount: 4,
        redisPort: port,
        prefix: `s4-${randomBytes(3).toString("hex")}`,
        chunkSize: CHUNK,
        disrupt: async (chunk, workers) => {
          if (chunk === Math.floor(chunks / 3)) await stopProcess(workers[0], "SIGKILL");
          if (chunk === Math.floor((2 * chunks) / 3)) {
            await stopProcess(redis, "SIGKILL");
            redis = await startRedis(port);
          }
        },
      });
      await runStream({
        scratch: one.scratch,
        databaseUrl: one.url,
        stream,
        workerCount: 1,
        redisPort: port,
        prefix: `s1-${randomBytes(3).toString("hex")}`,
        chunkSize: CHUNK,
      });
      const four = await outcome(many.scratch);
      const single = await outcome(one.scratch);
      expect(four.duplicateOpenGroups).toBe(0);
      expect(four.incidents.length).toBeGreaterThan(GROUPS / 2);
      expect(four.incidents.some((i) => Number(i.flap_count) > 0)).toBe(true);
      expect(four.incidents.some((i) => i.status === "resolved")).toBe(true);
      expect(four).toEqual(single);
    } finally {
      await many.scratch.sql.end({ timeout: 5 });
      await one.scratch.sql.end({ timeout: 5 });
    }
  });
});
