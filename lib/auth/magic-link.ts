// Sending magic sign-in links: by SMTP when SMTP_URL is configured, otherwise to the server log (local
// development). Rate-limited per IP and per address, since each request makes an email someone receives.
import { createTransport } from "nodemailer";
import type { EmailProviderSendVerificationRequestParams } from "next-auth/providers/email";
import type { Db } from "@/lib/db/prisma-factory";
import { consume } from "@/lib/rate-limit/limiter";
import { EMAIL_LINK_PER_ADDRESS, EMAIL_LINK_PER_IP } from "@/lib/rate-limit/limits";
import { clientIp } from "@/lib/rate-limit/client-ip";
import type { AuthEnv } from "./auth-env";

export function magicLinkSender(db: Db, env: AuthEnv) {
  return async function sendVerificationRequest({
    identifier,
    url,
    request,
  }: EmailProviderSendVerificationRequestParams) {
    const limits = await Promise.all([
      consume(db, EMAIL_LINK_PER_IP, clientIp(request.headers)),
      consume(db, EMAIL_LINK_PER_ADDRESS, identifier),
    ]);
    if (limits.some((state) => !state.allowed))
      throw new Error("Too many sign-in links requested; try again later.");

    if (!env.SMTP_URL) {
      console.info(`[auth] No SMTP_URL configured. Sign-in link for ${identifier}: ${url}`);
      return;
    }
    const { host } = new URL(url);
    const result = await createTransport(env.SMTP_URL).sendMail({
      to: identifier,
      from: env.EMAIL_FROM,
      subject: `Sign in to ${host}`,
      text: `Sign in to ${host} with this link (valid for 24 hours):\n\n${url}\n\nIf you did not ask for it, ignore this email.\n`,
    });
    const failed = [...result.rejected, ...(result.pending ?? [])].map((address) =>
      typeof address === "string" ? address : address.address,
    );
    if (failed.length > 0) throw new Error(`The sign-in email could not be sent to ${failed.join(", ")}.`);
  };
}
