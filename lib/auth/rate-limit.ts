import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { getRedis } from "@/lib/redis";

function keys(email: string, ip: string) {
  return { account: `login:fail:acct:${email.trim().toLowerCase()}`, ip: `login:fail:ip:${ip}` };
}

// Counting the attempt before the password is checked stops a burst of parallel guesses from all passing the limit.
export async function assertLoginAllowed(email: string, ip: string) {
  const { LOGIN_MAX_FAILURES_PER_ACCOUNT, LOGIN_MAX_FAILURES_PER_IP, LOGIN_WINDOW_SECONDS: window } = env();
  const k = keys(email, ip);
  const results = await getRedis()
    .multi()
    .incr(k.account)
    .expire(k.account, window, "NX")
    .incr(k.ip)
    .expire(k.ip, window, "NX")
    .exec();
  const failed = results?.find(([error]) => error)?.[0];
  if (!results || failed) throw failed ?? new Error("Redis did not run the login counter");
  const [account, perIp] = [Number(results[0][1]), Number(results[2][1])];
  if (account > LOGIN_MAX_FAILURES_PER_ACCOUNT || perIp > LOGIN_MAX_FAILURES_PER_IP) {
    const ttl = Math.max(await getRedis().ttl(k.account), await getRedis().ttl(k.ip), 1);
    throw new AppError("rate_limited", "Too many sign-in attempts; try again later", { retryAfterSeconds: ttl });
  }
}

// A correct password gives its attempt back: the account starts over and the address loses only this attempt.
export async function clearLoginFailures(email: string, ip: string) {
  const k = keys(email, ip);
  await getRedis().multi().del(k.account).decr(k.ip).expire(k.ip, env().LOGIN_WINDOW_SECONDS, "NX").exec();
}
