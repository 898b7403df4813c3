import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { getRedis } from "@/lib/redis";

function keys(email: string, ip: string) {
  return { account: `login:fail:acct:${email.trim().toLowerCase()}`, ip: `login:fail:ip:${ip}` };
}

export async function assertLoginAllowed(email: string, ip: string) {
  const { LOGIN_MAX_FAILURES_PER_ACCOUNT, LOGIN_MAX_FAILURES_PER_IP } = env();
  const k = keys(email, ip);
  const [account, perIp] = await getRedis().mget(k.account, k.ip);
  if (Number(account ?? 0) >= LOGIN_MAX_FAILURES_PER_ACCOUNT || Number(perIp ?? 0) >= LOGIN_MAX_FAILURES_PER_IP) {
    const ttl = Math.max(await getRedis().ttl(k.account), await getRedis().ttl(k.ip), 1);
    throw new AppError("rate_limited", "Too many sign-in attempts; try again later", { retryAfterSeconds: ttl });
  }
}

export async function recordLoginFailure(email: string, ip: string) {
  const window = env().LOGIN_WINDOW_SECONDS;
  const k = keys(email, ip);
  await getRedis()
    .multi()
    .incr(k.account)
    .expire(k.account, window, "NX")
    .incr(k.ip)
    .expire(k.ip, window, "NX")
    .exec();
}

export async function clearLoginFailures(email: string) {
  await getRedis().del(keys(email, "").account);
}
