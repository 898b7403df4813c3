import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { getDb } from "@/db/client";
import { recordAudit } from "@/lib/audit/record";
import { sessionSecret } from "@/lib/env";
import { SignInFailure, verifySignIn } from "./sign-in";

function clientIp(headers: Record<string, unknown> | undefined): string {
  const forwarded = headers?.["x-forwarded-for"];
  const first = typeof forwarded === "string" ? forwarded.split(",")[0]?.trim() : undefined;
  const real = headers?.["x-real-ip"];
  return first || (typeof real === "string" ? real : "") || "unknown";
}

export function authOptions(): NextAuthOptions {
  return {
    secret: sessionSecret(),
    session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
    pages: { signIn: "/sign-in", error: "/sign-in" },
    providers: [
      CredentialsProvider({
        name: "Email",
        credentials: { email: { type: "email" }, password: { type: "password" } },
        async authorize(credentials, req) {
          const headers = req?.headers as Record<string, unknown> | undefined;
          const ip = clientIp(headers);
          try {
            const db = getDb();
            const user = await verifySignIn(db, credentials, ip);
            await recordAudit(
              db,
              {
                actor: { type: "user", id: user.id, role: user.role, label: user.email },
                db,
                ip,
                userAgent: typeof headers?.["user-agent"] === "string" ? headers["user-agent"] : null,
              },
              { action: "auth.sign_in", entityType: "user", entityId: user.id },
            );
            return { id: user.id, email: user.email, name: user.name, tokenVersion: user.tokenVersion };
          } catch (error) {
            if (error instanceof SignInFailure) throw new Error(error.reason);
            console.error(error);
            throw new Error("unavailable");
          }
        },
      }),
    ],
    callbacks: {
      async jwt({ token, user }) {
        if (user) {
          token.uid = user.id;
          token.tv = (user as { tokenVersion?: number }).tokenVersion ?? 0;
        }
        return token;
      },
      async session({ session, token }) {
        return { ...session, uid: token.uid as string, tv: token.tv as number };
      },
    },
  };
}
