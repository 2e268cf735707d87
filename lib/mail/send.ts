import 'server-only';
import { getConfig } from '../config/env';
import { keepInOutbox } from './outbox';
import { usesOutbox } from './outbox-access';

export interface Mail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

type Transport = { sendMail(message: Mail & { from: string }): Promise<unknown> };

// One pooled connection per process, on globalThis like the database and the store.
const globalForMail = globalThis as typeof globalThis & { __authMailTransport?: Promise<Transport> };

async function transport(smtpUrl: string): Promise<Transport> {
  globalForMail.__authMailTransport ??= import('nodemailer').then(({ default: nodemailer }) =>
    nodemailer.createTransport(smtpUrl),
  );
  return globalForMail.__authMailTransport;
}

const maskedAddress = (address: string) => address.replace(/^(.).*(@.*)$/, '$1***$2');

/**
 * Sends through SMTP_URL. Without it, development keeps the mail in the outbox (/dev/outbox), as
 * does production with DEV_OUTBOX on; other production servers drop it with an error line. The
 * log never holds the body: it carries a reset token.
 */
export async function sendMail(mail: Mail): Promise<void> {
  const config = getConfig();
  if (config.smtpUrl) {
    await (await transport(config.smtpUrl)).sendMail({ ...mail, from: config.mailFrom });
    return;
  }
  if (!usesOutbox(config)) {
    console.error(`[mail] SMTP_URL is not set: "${mail.subject}" to ${maskedAddress(mail.to)} was not sent`);
    return;
  }
  keepInOutbox({ to: mail.to, subject: mail.subject, text: mail.text });
  console.info(`[mail] no SMTP_URL: "${mail.subject}" to ${maskedAddress(mail.to)} is in the development outbox at /dev/outbox`);
}
