import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseConfig } from '../../lib/config/env';
import { keepInOutbox, listOutbox } from '../../lib/mail/outbox';
import { usesOutbox } from '../../lib/mail/outbox-access';

const config = (extra: Record<string, string> = {}) => parseConfig({ JWT_SECRET: 'j'.repeat(32), REFRESH_TOKEN_SECRET: 'r'.repeat(32), ...extra });

describe('usesOutbox', () => {
  test('development without SMTP_URL keeps mail in the outbox', () => {
    assert.equal(usesOutbox(config()), true);
    assert.equal(usesOutbox(config({ NODE_ENV: 'development' })), true);
  });

  test('production has no outbox unless DEV_OUTBOX is on', () => {
    assert.equal(usesOutbox(config({ NODE_ENV: 'production' })), false);
    assert.equal(usesOutbox(config({ NODE_ENV: 'production', DEV_OUTBOX: '0' })), false);
    assert.equal(usesOutbox(config({ NODE_ENV: 'production', DEV_OUTBOX: '1' })), true);
  });

  test('with SMTP_URL mail leaves through SMTP, whatever DEV_OUTBOX says', () => {
    const smtp = { SMTP_URL: 'smtp://127.0.0.1:2525' };
    assert.equal(usesOutbox(config(smtp)), false);
    assert.equal(usesOutbox(config({ ...smtp, NODE_ENV: 'production', DEV_OUTBOX: '1' })), false);
  });
});

test('the outbox lists the newest mail first and keeps the newest 20', () => {
  for (let n = 1; n <= 25; n++) keepInOutbox({ to: `user-${n}@example.com`, subject: `Mail ${n}`, text: 'Hello' });
  const mails = listOutbox();
  assert.equal(mails.length, 20);
  assert.deepEqual(mails.slice(0, 2).map((mail) => mail.subject), ['Mail 25', 'Mail 24']);
  assert.equal(mails.at(-1)?.subject, 'Mail 6');
  assert.equal(new Set(mails.map((mail) => mail.id)).size, 20, 'each mail has its own id');
});
