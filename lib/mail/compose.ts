import 'server-only';
import { getConfig } from '../config/env';
import type { Mail } from './send';

/** The name every mail signs with, so a person knows which service wrote. */
export const PRODUCT_NAME = 'JWT Auth';

/** Text made safe to put inside HTML mail (element content and quoted attributes). */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

/**
 * Where links in mail point: APP_URL (or the deployment's own URL on Vercel), never the request's
 * Host header, which an attacker can set. Null in production without one: no link can be built.
 */
export function linkOrigin(): string | null {
  const { appOrigin, production } = getConfig();
  return appOrigin ?? (production ? null : `http://localhost:${process.env.PORT ?? 3000}`);
}

export interface MailContent {
  to: string;
  subject: string;
  /** Who is greeted: the account's first name. */
  name: string;
  /** Paragraphs before the link (or all of them, when there is none). */
  intro: string[];
  link?: { url: string; label: string };
  /** Paragraphs after the link. */
  outro?: string[];
}

/**
 * One mail as plain text and as HTML, from the same short paragraphs. Every piece is escaped in
 * the HTML: names and addresses are what a user typed, and a mail client renders markup.
 */
export function composeMail({ to, subject, name, intro, link, outro = [] }: MailContent): Mail {
  const greeting = `Hello ${name},`;
  const text = [greeting, ...intro, ...(link ? [link.url] : []), ...outro, PRODUCT_NAME].join('\n\n');
  const paragraph = (value: string) => `<p>${escapeHtml(value)}</p>`;
  const html = [
    paragraph(greeting),
    ...intro.map(paragraph),
    ...(link ? [`<p><a href="${escapeHtml(link.url)}">${escapeHtml(link.label)}</a></p>`, `<p>${escapeHtml(link.url)}</p>`] : []),
    ...outro.map(paragraph),
    paragraph(PRODUCT_NAME),
  ].join('');
  return { to, subject, text, html };
}
