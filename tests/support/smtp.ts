import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { waitFor } from './ports';

export interface CapturedMail {
  to: string[];
  from: string;
  subject: string;
  text: string;
  html: string;
}

/**
 * A real SMTP server on loopback (the smtp-server package) that keeps every message it receives,
 * parsed (quoted-printable and all) by mailparser, so tests read mail the way a person would.
 */
export interface SmtpCapture {
  url: string;
  mails: CapturedMail[];
  /**
   * Call before triggering the mail: resolves with the next message to `address` from now on,
   * with `subject` when given (sign-up mails a verification link, so a test waiting for another
   * mail names it).
   */
  nextMailTo(address: string, options?: { subject?: string; timeoutMs?: number }): Promise<CapturedMail>;
  /** Call before triggering the mail: resolves with the token of the next verification link to `address`. */
  verificationLinkTo(address: string): Promise<string>;
  stop(): Promise<void>;
}

export async function startSmtpServer(): Promise<SmtpCapture> {
  const mails: CapturedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          mails.push({
            to: session.envelope.rcptTo.map((recipient) => recipient.address),
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            html: typeof parsed.html === 'string' ? parsed.html : '',
          });
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as { port: number };
  const captured: SmtpCapture = {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    async nextMailTo(address, { subject, timeoutMs = 10_000 } = {}) {
      const wanted = (mail: CapturedMail) => mail.to.includes(address) && (subject === undefined || mail.subject === subject);
      const count = mails.filter(wanted).length;
      let found: CapturedMail | undefined;
      await waitFor(async () => {
        const matching = mails.filter(wanted);
        found = matching.length > count ? matching[matching.length - 1] : undefined;
        return found !== undefined;
      }, `a mail to ${address}${subject ? ` about "${subject}"` : ''}`, timeoutMs);
      return found!;
    },
    async verificationLinkTo(address) {
      const mail = await captured.nextMailTo(address);
      const token = /\/verify-email#token=([\w-]+)/.exec(mail.text)?.[1];
      if (!token) throw new Error(`the mail to ${address} holds no verification link: ${mail.subject}`);
      return token;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  return captured;
}
