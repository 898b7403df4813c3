import type { AddressInfo } from "node:net";
import { type ParsedMail, simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

export type ReceivedMail = ParsedMail & { envelopeTo: string[]; receivedAt: number };

// A real SMTP server in the test process: every message is parsed and kept; it can be stopped and started again on
// the same port to play an outage.
export class TestSmtpServer {
  readonly messages: ReceivedMail[] = [];
  private server: SMTPServer | undefined;
  private waiters = new Set<() => void>();
  port = 0;

  get url() {
    return `smtp://127.0.0.1:${this.port}`;
  }

  async start(port = this.port): Promise<this> {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      logger: false,
      closeTimeout: 100,
      onData: (stream, session, callback) => {
        simpleParser(stream)
          .then((mail) => {
            this.messages.push({
              ...mail,
              envelopeTo: session.envelope.rcptTo.map((r) => r.address),
              receivedAt: Date.now(),
            });
            for (const wake of this.waiters) wake();
            callback();
          })
          .catch((error) => callback(error));
      },
    });
    server.on("error", () => {});
    await new Promise<void>((resolve, reject) => {
      server.server.once("error", reject);
      server.listen(port, "127.0.0.1", () => resolve());
    });
    this.port = (server.server.address() as AddressInfo).port;
    this.server = server;
    return this;
  }

  async stop() {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    // Open (pooled) client connections are cut after closeTimeout, so a stopped server really refuses.
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  waitForMail(predicate: (mail: ReceivedMail) => boolean, timeoutMs = 10_000): Promise<ReceivedMail> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = this.messages.find(predicate);
        if (!found) return false;
        cleanup();
        resolve(found);
        return true;
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`no matching mail within ${timeoutMs} ms (${this.messages.length} received)`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.waiters.delete(wake);
      };
      const wake = () => void check();
      this.waiters.add(wake);
      check();
    });
  }
}

export async function startSmtp(port = 0): Promise<TestSmtpServer> {
  return new TestSmtpServer().start(port);
}
