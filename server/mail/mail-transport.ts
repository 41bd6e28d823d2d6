import nodemailer from 'nodemailer';

/** The one place nodemailer is used. Everything it is given has been validated (mail-address.ts). */
export interface OutgoingMail {
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  messageId: string;
  attachments: Array<{ filename: string; content: Buffer; contentType: string; cid: string }>;
}

export interface MailTransport {
  send(mail: OutgoingMail): Promise<{ accepted: string[]; rejected: string[]; response: string }>;
  close(): void;
}

export function createSmtpTransport(smtpUrl: string): MailTransport {
  const transporter = nodemailer.createTransport(smtpUrl, {
    // Fail fast so a dead server costs a retry with backoff, not a job lease.
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  } as never);
  return {
    async send(mail) {
      const info = await transporter.sendMail({
        from: mail.from,
        // Plain address strings only: no display names, so no name can add a recipient or a header.
        to: mail.to,
        envelope: { from: envelopeAddress(mail.from), to: mail.to },
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId: mail.messageId,
        attachments: mail.attachments,
        // Templates never reference files or URLs; refuse them outright.
        disableFileAccess: true,
        disableUrlAccess: true,
      } as never);
      const list = (v: unknown) => (Array.isArray(v) ? v.map((a) => (typeof a === 'string' ? a : String((a as { address?: string }).address))) : []);
      return { accepted: list(info.accepted), rejected: list(info.rejected), response: String(info.response ?? '') };
    },
    close: () => transporter.close(),
  };
}

/** `Shadegate <no-reply@x>` → `no-reply@x` for the SMTP envelope. */
function envelopeAddress(from: string): string {
  return /<([^<>]+)>\s*$/.exec(from)?.[1] ?? from;
}

/** SMTP replies in the 5xx class will not change on retry: the mail goes to the dead letter. */
export function isPermanentMailError(err: unknown): boolean {
  const code = (err as { responseCode?: unknown })?.responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}
