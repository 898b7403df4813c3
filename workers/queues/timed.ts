import type { Queue } from "bullmq";

// One delayed job per due instant, its id derived from the instant: arming twice adds nothing, a moved instant adds a
// new job and the old one finds nothing due. Processors throw while early, so a few quick retries absorb clock skew.
export async function addTimedJobs<T extends { at: number }>(
  queue: Queue,
  name: string,
  jobs: T[],
  jobId: (job: T) => string,
  now = Date.now(),
) {
  if (!jobs.length) return;
  await queue.addBulk(
    jobs.map((data) => ({
      name,
      data,
      opts: {
        jobId: jobId(data),
        delay: Math.max(0, data.at - now),
        attempts: 5,
        backoff: { type: "fixed" as const, delay: 1000 },
        removeOnComplete: { count: 1000 },
        removeOnFail: { count: 1000 },
      },
    })),
  );
}
