import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { assertError } from '../support/api-checks';
import { userOf } from '../support/bodies';
import { call, newUser, signUp } from '../support/client';
import { outboxLinkTo } from '../support/outbox';
import { adminEnv } from '../support/roles';
import { describeEachSetup } from '../support/setups';

// Fullwidth forms (U+FF01 to U+FF5E) look like ASCII and are NFKC-equal to it.
const fullwidth = (text: string) => text.replace(/[!-~]/g, (character) => String.fromCodePoint(character.codePointAt(0)! + 0xfee0));
const LISTED_ADMIN = `boss-${randomUUID().slice(0, 8)}@identity.test`;

describeEachSetup('addresses equal after NFKC case folding are one account', adminEnv(LISTED_ADMIN), (app) => {
  test('a fullwidth look-alike cannot sign up again, and logs into the same account', async () => {
    const local = `admin-${randomUUID().slice(0, 8)}`;
    const { user, response } = await signUp(app(), { email: `${local}@x.io` });
    const lookAlike = `${fullwidth(local)}@x.io`;
    assert.notEqual(lookAlike, user.email);

    const again = await call(app(), 'POST', '/api/auth/register', { json: newUser({ email: lookAlike }) });
    assertError(again, 409, 'email_taken');

    const login = await call(app(), 'POST', '/api/auth/login', { json: { email: lookAlike, password: user.password } });
    assert.equal(login.status, 200, JSON.stringify(login.body));
    assert.equal(userOf(login).id, userOf(response).id);
    assert.equal(userOf(login).email, user.email, 'the address stays as it was given');
  });

  test('case folding beyond lower-casing: ß is ss, and a fullwidth domain is its ASCII one', async () => {
    const tag = randomUUID().slice(0, 8);
    await signUp(app(), { email: `strasse-${tag}@x.io` });
    const sharpS = await call(app(), 'POST', '/api/auth/register', { json: newUser({ email: `STRAẞE-${tag}@x.io` }) });
    assert.equal(sharpS.status, 409, JSON.stringify(sharpS.body));
    await signUp(app(), { email: `dom-${tag}@example.com` });
    const domain = await call(app(), 'POST', '/api/auth/register', { json: newUser({ email: `dom-${tag}@${fullwidth('example')}.com` }) });
    assert.equal(domain.status, 409, JSON.stringify(domain.body));
  });

  test('a look-alike registered first keeps its spelling; the plain spelling then finds it and cannot register', async () => {
    const local = `first-${randomUUID().slice(0, 8)}`;
    const lookAlike = `${fullwidth(local)}@x.io`;
    const { user, response } = await signUp(app(), { email: lookAlike });
    assert.equal(userOf(response).email, lookAlike, 'mail goes to the address as given');
    const login = await call(app(), 'POST', '/api/auth/login', { json: { email: `${local.toUpperCase()}@X.IO`, password: user.password } });
    assert.equal(login.status, 200);
    assert.equal(userOf(login).id, userOf(response).id);
    assert.equal((await call(app(), 'POST', '/api/auth/register', { json: newUser({ email: `${local}@x.io` }) })).status, 409);
  });

  test('a look-alike of an ADMIN_EMAILS address is not made admin, even verified', async () => {
    const [local, domain] = LISTED_ADMIN.split('@');
    const lookAlike = `${fullwidth(local!)}@${domain}`;
    const { user, response } = await signUp(app(), { email: lookAlike });
    assert.equal(userOf(response).role, 'user');
    const verified = await call(app(), 'POST', '/api/auth/verify-email', { json: { token: await outboxLinkTo(app(), lookAlike) } });
    assert.equal(verified.status, 200, JSON.stringify(verified.body));
    assert.deepEqual([userOf(verified).emailVerified, userOf(verified).role], [true, 'user']);
    const login = await call(app(), 'POST', '/api/auth/login', { json: { email: LISTED_ADMIN, password: user.password } });
    assert.equal(login.status, 200);
    assert.equal(userOf(login).role, 'user', 'ADMIN_EMAILS matches the address as spelled, not a look-alike of it');
  });
});
