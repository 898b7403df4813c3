import { createDecipheriv, createECDH, createPublicKey, hkdfSync, randomBytes, randomUUID, verify } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export type PushMode = "ok" | "gone" | "error";

export type ReceivedPush = {
  subscriptionId: string;
  headers: IncomingMessage["headers"];
  vapid: { aud: string; exp: number; sub: string; publicKey: string };
  // The payload decrypted with the "browser's" private key and auth secret (RFC 8291).
  payload: unknown;
  receivedAt: number;
};

export type BrowserSubscription = {
  id: string;
  endpoint: string;
  keys: { p256dh: string; auth: string };
  decrypt: (body: Buffer) => Buffer;
};

const b64u = (buffer: Buffer) => buffer.toString("base64url");

// Plays both the push service (accepts aes128gcm messages signed with VAPID, answers 201, or 410/500 when told to)
// and the browser (owns the subscription's P-256 key and auth secret, and decrypts what arrives).
export class TestPushEndpoint {
  readonly received: ReceivedPush[] = [];
  readonly rejected: { status: number; reason: string }[] = [];
  mode: PushMode = "ok";
  private server: Server | undefined;
  private subscriptions = new Map<string, BrowserSubscription>();
  private waiters = new Set<() => void>();
  origin = "";

  async start(): Promise<this> {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const answer = (status: number, reason = "") => {
          if (status >= 400) this.rejected.push({ status, reason });
          res.writeHead(status, { "content-type": "text/plain" }).end(reason);
          for (const wake of this.waiters) wake();
        };
        try {
          const id = /^\/push\/([\w-]+)$/.exec(req.url ?? "")?.[1];
          const subscription = id ? this.subscriptions.get(id) : undefined;
          if (req.method !== "POST" || !subscription) return answer(404, "no such subscription");
          if (req.headers["content-encoding"] !== "aes128gcm") return answer(400, "Content-Encoding must be aes128gcm");
          if (!req.headers.ttl) return answer(400, "TTL header missing");
          const vapid = this.checkVapid(req.headers.authorization);
          if (typeof vapid === "string") return answer(401, vapid);
          if (this.mode === "gone") return answer(410, "subscription expired");
          if (this.mode === "error") return answer(500, "push service broken");
          const payload = JSON.parse(subscription.decrypt(Buffer.concat(chunks)).toString("utf8"));
          this.received.push({
            subscriptionId: subscription.id,
            headers: req.headers,
            vapid,
            payload,
            receivedAt: Date.now(),
          });
          answer(201);
        } catch (error) {
          answer(400, `cannot decrypt: ${(error as Error).message}`);
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
    this.server = server;
    this.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this;
  }

  async stop() {
    await new Promise<void>((resolve) => {
      this.server?.close(() => resolve());
      this.server?.closeAllConnections();
    });
  }

  // What pushManager.subscribe() gives a page: an endpoint and the browser's public key and auth secret.
  subscribe(): BrowserSubscription {
    const id = randomUUID();
    const ecdh = createECDH("prime256v1");
    const userPublic = ecdh.generateKeys();
    const authSecret = randomBytes(16);
    const subscription: BrowserSubscription = {
      id,
      endpoint: `${this.origin}/push/${id}`,
      keys: { p256dh: b64u(userPublic), auth: b64u(authSecret) },
      decrypt: (body) => decryptAes128gcm(body, ecdh, userPublic, authSecret),
    };
    this.subscriptions.set(id, subscription);
    return subscription;
  }

  // RFC 8292: "vapid t=<JWT>, k=<public key>"; the JWT is ES256-signed by k, its aud is this origin, exp in the future.
  private checkVapid(header: string | undefined): ReceivedPush["vapid"] | string {
    const match = /^vapid t=([^,\s]+),\s*k=([A-Za-z0-9_-]+)$/.exec(header ?? "");
    if (!match) return "Authorization must be vapid t=…, k=…";
    const [, jwt, k] = match;
    const [head, body, signature] = jwt.split(".");
    if (!head || !body || !signature) return "malformed JWT";
    const header0 = JSON.parse(Buffer.from(head, "base64url").toString());
    if (header0.alg !== "ES256") return `JWT alg ${header0.alg}, expected ES256`;
    const point = Buffer.from(k, "base64url");
    if (point.length !== 65 || point[0] !== 4) return "k is not an uncompressed P-256 point";
    const key = createPublicKey({
      key: { kty: "EC", crv: "P-256", x: b64u(point.subarray(1, 33)), y: b64u(point.subarray(33)) },
      format: "jwk",
    });
    const isValid = verify(
      "sha256",
      Buffer.from(`${head}.${body}`),
      { key, dsaEncoding: "ieee-p1363" },
      Buffer.from(signature, "base64url"),
    );
    if (!isValid) return "bad JWT signature";
    const claims = JSON.parse(Buffer.from(body, "base64url").toString()) as { aud: string; exp: number; sub: string };
    if (claims.aud !== this.origin) return `aud ${claims.aud}, expected ${this.origin}`;
    const now = Math.floor(Date.now() / 1000);
    if (!(claims.exp > now) || claims.exp > now + 24 * 3600) return "exp must be in the next 24 hours";
    if (!/^(mailto:|https:)/.test(claims.sub ?? "")) return "sub must be mailto: or https:";
    return { ...claims, publicKey: k };
  }

  waitFor(predicate: (push: ReceivedPush) => boolean, timeoutMs = 10_000): Promise<ReceivedPush> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = this.received.find(predicate);
        if (found) {
          cleanup();
          resolve(found);
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`no matching push within ${timeoutMs} ms (${this.received.length} received)`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      this.waiters.add(check);
      check();
    });
  }
}

// RFC 8291 §3.4 and RFC 8188: one record, keyid = the application server's ephemeral public key.
function decryptAes128gcm(body: Buffer, ecdh: ReturnType<typeof createECDH>, userPublic: Buffer, authSecret: Buffer) {
  const salt = body.subarray(0, 16);
  const recordSize = body.readUInt32BE(16);
  const idLength = body[20];
  const serverPublic = body.subarray(21, 21 + idLength);
  const ciphertext = body.subarray(21 + idLength);
  if (ciphertext.length > recordSize) throw new Error("more than one record");
  const shared = ecdh.computeSecret(serverPublic);
  const keyInfo = Buffer.concat([Buffer.from("WebPush: info\0"), userPublic, serverPublic]);
  const ikm = Buffer.from(hkdfSync("sha256", shared, authSecret, keyInfo, 32));
  const cek = Buffer.from(hkdfSync("sha256", ikm, salt, Buffer.from("Content-Encoding: aes128gcm\0"), 16));
  const nonce = Buffer.from(hkdfSync("sha256", ikm, salt, Buffer.from("Content-Encoding: nonce\0"), 12));
  const decipher = createDecipheriv("aes-128-gcm", cek, nonce);
  decipher.setAuthTag(ciphertext.subarray(ciphertext.length - 16));
  const padded = Buffer.concat([decipher.update(ciphertext.subarray(0, ciphertext.length - 16)), decipher.final()]);
  let end = padded.length - 1;
  while (end >= 0 && padded[end] === 0) end--;
  if (padded[end] !== 2) throw new Error("missing last-record delimiter");
  return padded.subarray(0, end);
}

export async function startPushEndpoint(): Promise<TestPushEndpoint> {
  return new TestPushEndpoint().start();
}
