import assert from 'node:assert/strict';
import { test } from 'node:test';
import { composeMail, escapeHtml, PRODUCT_NAME } from '../../lib/mail/compose';

test('a composed mail has the same words as text and HTML, the product name, and the link both as a link and as text', () => {
  const mail = composeMail({
    to: 'ada@example.com',
    subject: 'Verify your email address',
    name: 'Ada',
    intro: ['Open this link:'],
    link: { url: 'https://auth.example.test/verify-email#token=abc', label: 'Verify' },
    outro: ['It works for 24 hours.'],
  });
  assert.deepEqual([mail.to, mail.subject], ['ada@example.com', 'Verify your email address']);
  assert.equal(mail.text, ['Hello Ada,', 'Open this link:', 'https://auth.example.test/verify-email#token=abc', 'It works for 24 hours.', PRODUCT_NAME].join('\n\n'));
  assert.ok(mail.html.includes('<a href="https://auth.example.test/verify-email#token=abc">Verify</a>'));
  assert.ok(mail.html.includes('<p>https://auth.example.test/verify-email#token=abc</p>'), 'the address as text, for clients that drop links');
  assert.ok(mail.html.includes(`<p>${PRODUCT_NAME}</p>`));
});

test('whatever a user typed is escaped in the HTML: names, addresses, paragraphs and the link', () => {
  const mail = composeMail({
    to: "o'brien&co@example.com",
    subject: 'About to change',
    name: '<img src=x onerror=alert(1)>',
    intro: ["The address is now o'brien&co@example.com <script>"],
    link: { url: 'https://auth.example.test/verify-email#token="><script>', label: '<b>go</b>' },
  });
  assert.ok(!/<img|<script|<b>/.test(mail.html), mail.html);
  assert.ok(mail.html.includes('Hello &#60;img src=x onerror=alert(1)&#62;,'));
  assert.ok(mail.html.includes('o&#39;brien&#38;co@example.com &#60;script&#62;'));
  assert.ok(mail.html.includes('href="https://auth.example.test/verify-email#token=&#34;&#62;&#60;script&#62;"'));
  assert.ok(mail.text.includes('Hello <img src=x onerror=alert(1)>,'), 'the text part is text: nothing to escape');
  assert.equal(escapeHtml(`&<>"'`), '&#38;&#60;&#62;&#34;&#39;');
});
