import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { z } from 'zod';
import { bodyOf, signedInBody } from '../support/bodies';
import { OWN_ORIGIN } from '../support/app-server';
import { call, newUser, type ApiResponse } from '../support/client';
import { addPasskey, cookiePair, enableTotp, passkeySignIn, totpCode } from '../support/lifecycle';
import { describeEachSetup } from '../support/setups';
import { startSmtpServer, type CapturedMail } from '../support/smtp';

const smtp = await startSmtpServer();
after(() => smtp.stop());

const NOTICE = 'New sign-in to your account';
const VERIFY = 'Verify your email address';
const FIREFOX_LINUX = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';
const CHROME_MAC = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A browser as the server sees it: its address (one proxy in front, TRUST_PROXY=1), its user agent, the cookies it holds. */
interface Browser {
  ip: string;
  userAgent: string;
  cookies: string[];
}

const browser = (ip: string, userAgent = CHROME_MAC): Browser => ({ ip, userAgent, cookies: [] });
const headersOf = (from: Browser) => ({ 'x-forwarded-for': from.ip, 'user-agent': from.userAgent, ...(from.cookies.length > 0 ? { cookie: from.cookies.join('; ') } : {}) });

/** Keeps the device cookie a response set, as the browser would. */
function keepDeviceCookie(from: Browser, res: ApiResponse): void {
  const device = cookiePair(res, 'device');
  if (device) from.cookies = [...from.cookies.filter((cookie) => !cookie.startsWith('device=')), device];
}

const notices = (email: string): CapturedMail[] => smtp.mails.filter((mail) => mail.to.includes(email) && mail.subject === NOTICE);

describeEachSetup('new sign-in notices', { SMTP_URL: smtp.url, APP_URL: OWN_ORIGIN, TRUST_PROXY: '1' }, (app) => {
  async function register(from: Browser): Promise<{ email: string; password: string; id: string; accessToken: string }> {
    const person = newUser();
    const verification = smtp.nextMailTo(person.email, { subject: VERIFY });
    const res = await call(app(), 'POST', '/api/auth/register', { json: person, headers: headersOf(from) });
    const body = bodyOf(res, signedInBody, 'sign-up');
    keepDeviceCookie(from, res);
    // The sign-up's own mail has come: a notice would have come with it.
    await verification;
    return { email: person.email, password: person.password, id: body.user.id, accessToken: body.accessToken };
  }

  async function logIn(who: { email: string; password: string }, from: Browser): Promise<ApiResponse> {
    const res = await call(app(), 'POST', '/api/auth/login', { json: { email: who.email, password: who.password }, headers: headersOf(from) });
    keepDeviceCookie(from, res);
    return res;
  }

  /**
   * Proves that what ran before sent no notice: a login from a browser new to the account must
   * send exactly one, and the count must then be exactly one more than before.
   */
  async function assertQuietSince(email: string, before: number, sentinel: () => Promise<unknown>): Promise<void> {
    await sleep(200);
    const next = smtp.nextMailTo(email, { subject: NOTICE });
    await sentinel();
    await next;
    assert.equal(notices(email).length, before + 1, 'only the sentinel\'s notice arrived');
  }

  test('the sign-up sends none; a login from a new browser sends one, saying the device, the network (not the address), the time and where to end it; that browser\'s next login sends none', async () => {
    const home = browser('203.0.113.7');
    const person = await register(home);
    assert.equal(notices(person.email).length, 0, 'no notice for the sign-up itself');
    assert.equal((await logIn(person, home)).status, 200);

    const laptop = browser('198.51.100.23', FIREFOX_LINUX);
    const mail = smtp.nextMailTo(person.email, { subject: NOTICE });
    assert.equal((await logIn(person, laptop)).status, 200);
    const notice = await mail;
    assert.match(notice.text, /Hello Ada,/);
    assert.match(notice.text, /with the password, from a browser that had not signed in to it before/);
    assert.match(notice.text, /Device: Firefox on Linux/);
    assert.match(notice.text, /Network \(approximate\): 198\.51\.100\.0\/24/);
    assert.ok(!notice.text.includes('198.51.100.23'), 'never the full address');
    assert.match(notice.text, /Time: \d{1,2} \w+ \d{4} at \d{2}:\d{2} UTC/);
    assert.ok(notice.text.includes(`${app().url}/account`), 'a link to the account page, where the session can be ended');
    assert.ok(notice.html.includes(`href="${app().url}/account"`));
    assert.ok(!notice.text.includes('Mozilla'), 'the user agent is named, never quoted');

    // The home browser (its cookie from the sign-up) and the laptop (its cookie from that login) are known now.
    const before = notices(person.email).length;
    assert.equal((await logIn(person, home)).status, 200);
    assert.equal((await logIn(person, laptop)).status, 200);
    assert.equal((await logIn({ ...person, password: 'a wrong password, twice over' }, browser('192.0.2.1'))).status, 401);
    const phone = browser('2001:db8:1:2:3:4:5:6');
    await assertQuietSince(person.email, before, () => logIn(person, phone));
    assert.match(notices(person.email).at(-1)!.text, /Network \(approximate\): 2001:db8:1:2::\/64/, 'an IPv6 network by its /64');
  });

  test('a browser that holds only another account\'s device cookie is new to this one', async () => {
    const shared = browser('203.0.113.50');
    await register(shared);
    const second = await register(browser('203.0.113.51'));
    const mail = smtp.nextMailTo(second.email, { subject: NOTICE });
    assert.equal((await logIn(second, shared)).status, 200);
    await mail;
    assert.equal(notices(second.email).length, 1);
  });

  test('with a second factor the notice comes when the code completes the login, once; the password step alone sends none', async () => {
    const home = browser('203.0.113.60');
    const person = await register(home);
    const { secret, recoveryCodes } = await enableTotp(app(), person.accessToken);
    const codeStep = async (from: Browser, code: string) => {
      const step = bodyOf(await logIn(person, from), z.object({ mfaToken: z.string() }), 'the password step');
      const res = await call(app(), 'POST', '/api/auth/login/mfa', { json: { mfaToken: step.mfaToken, code }, headers: headersOf(from) });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      keepDeviceCookie(from, res);
    };

    const laptop = browser('198.51.100.60', FIREFOX_LINUX);
    const mail = smtp.nextMailTo(person.email, { subject: NOTICE });
    await codeStep(laptop, await totpCode(secret, 1));
    assert.match((await mail).text, /with the password and a two-factor code/);
    assert.equal(notices(person.email).length, 1, 'one notice: the password step sent none of its own');

    await codeStep(laptop, recoveryCodes[0]!);
    await assertQuietSince(person.email, 1, () => codeStep(browser('198.51.100.61'), recoveryCodes[1]!));
  });

  test('a passkey sign-in from a new browser sends one; from a browser that signed in before, none', async () => {
    const home = browser('203.0.113.70');
    const person = await register(home);
    const { authenticator } = await addPasskey(app(), person.accessToken, 'Key');

    const mail = smtp.nextMailTo(person.email, { subject: NOTICE });
    const elsewhere = await passkeySignIn(app(), authenticator, {}, []);
    assert.equal(elsewhere.status, 200, JSON.stringify(elsewhere.body));
    assert.match((await mail).text, /with a passkey/);

    const before = notices(person.email).length;
    assert.equal((await passkeySignIn(app(), authenticator, {}, home.cookies)).status, 200);
    await assertQuietSince(person.email, before, () => logIn(person, browser('198.51.100.70')));
  });
});
