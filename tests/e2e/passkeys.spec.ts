import { isIP } from 'node:net';
import { decodeJwt } from 'jose';
import type { CDPSession, Page } from '@playwright/test';
import { startApp } from '../support/app-server';
import { e2eServerEnv } from '../support/e2e-server';
import { freePort } from '../support/ports';
import { E2E_ADMIN } from './admin-account';
import { expectAccessible } from './axe';
import { expect, logInThroughForm, signUpThroughForm, test as base } from './fixtures';

/**
 * Passkeys in a real browser, with Chromium's virtual authenticator standing in for a phone or a
 * laptop's platform authenticator (a resident key, user verification that always succeeds).
 *
 * WebAuthn refuses an IP address as relying party, and the suite's own server is
 * http://127.0.0.1:<port>: these flows get a server of their own on http://localhost:<port>
 * (APP_URL says so). Against PLAYWRIGHT_BASE_URL (a preview, the HTTPS run's https://localhost)
 * they use that target, unless its host is an IP address.
 */
const test = base.extend<{ passkeyOrigin: string }, { passkeyTarget: { origin: string } | { skip: string } }>({
  // One server for the file's flows (each signs up a user of its own): a start per flow was most of
  // their time.
  passkeyTarget: [
    async ({}, provide) => {
      const external = process.env.PLAYWRIGHT_BASE_URL;
      if (external) {
        const host = new URL(external).hostname.replace(/^\[|\]$/g, '');
        const reason = `WebAuthn refuses an IP address (${host}) as relying party: point PLAYWRIGHT_BASE_URL at a host name`;
        if (isIP(host) !== 0 && process.env.E2E_NO_SKIP === '1') throw new Error(reason);
        await provide(isIP(host) !== 0 ? { skip: reason } : { origin: new URL(external).origin });
        return;
      }
      const port = await freePort();
      const origin = `http://localhost:${port}`;
      // It listens on 127.0.0.1, which is where the browser's `localhost` lands too.
      const server = await startApp({ ...e2eServerEnv(E2E_ADMIN.email), APP_URL: origin }, { port });
      try {
        await provide({ origin });
      } finally {
        await server.stop();
      }
    },
    { scope: 'worker' },
  ],
  passkeyOrigin: async ({ passkeyTarget }, provide, testInfo) => {
    if ('skip' in passkeyTarget) testInfo.skip(true, passkeyTarget.skip);
    else await provide(passkeyTarget.origin);
  },
  baseURL: async ({ passkeyOrigin }, provide) => {
    await provide(passkeyOrigin);
  },
});

interface VirtualAuthenticator {
  cdp: CDPSession;
  id: string;
  credentials(): Promise<{ credentialId: string; isResidentCredential: boolean; signCount: number }[]>;
}

/** Chromium's virtual authenticator, as a platform authenticator that verifies its user. */
async function addVirtualAuthenticator(page: Page): Promise<VirtualAuthenticator> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable', { enableUI: false });
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
  });
  return {
    cdp,
    id: authenticatorId,
    credentials: async () => (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials,
  };
}

/**
 * Chromium's virtual authenticator answers a waiting autofill request (conditional UI) on its own,
 * as if the person had picked the passkey from the Email field's suggestions. To see the
 * `Sign in with a passkey` button do its part alone, this page's browser says it has no autofill.
 */
async function withoutPasskeyAutofill(page: Page) {
  await page.addInitScript(() => {
    if (typeof PublicKeyCredential !== 'undefined') {
      Object.defineProperty(PublicKeyCredential, 'isConditionalMediationAvailable', { value: async () => false });
    }
  });
}

const passkeysPanel = (page: Page) => page.getByRole('region', { name: 'Passkeys' });

async function addPasskeyOnAccount(page: Page) {
  await page.goto('/account');
  const panel = passkeysPanel(page);
  await expect(panel).toContainText('No passkeys yet.');
  const added = page.waitForResponse((response) => response.url().endsWith('/api/auth/passkeys') && response.request().method() === 'POST');
  await panel.getByRole('button', { name: 'Add a passkey' }).click();
  expect((await added).status()).toBe(201);
  await expect(panel.getByRole('status')).toContainText('Passkey added');
  await expect(panel.getByRole('list', { name: 'Your passkeys' }).getByRole('listitem')).toHaveCount(1);
}

async function logOut(page: Page) {
  await page.getByRole('button', { name: 'Log out', exact: true }).click();
  await expect(page).toHaveURL(/\/login$/);
}

test('a passkey added on /account signs in on its own with the button: no email, no password', async ({ page, context, refreshCookieName }) => {
  await withoutPasskeyAutofill(page);
  const authenticator = await addVirtualAuthenticator(page);
  const { user } = await signUpThroughForm(page);
  await addPasskeyOnAccount(page);
  const [credential] = await authenticator.credentials();
  expect(credential?.isResidentCredential, 'a discoverable credential, kept by the authenticator').toBe(true);
  await expect(passkeysPanel(page)).toContainText('not used to sign in yet');
  await expectAccessible(page, '/account with a passkey', { dark: true });

  await logOut(page);
  await page.goto('/login');
  await expect(page.getByLabel('Email')).toHaveAttribute('autocomplete', 'username webauthn');
  await expectAccessible(page, '/login with passkeys', { dark: true });
  const signedIn = page.waitForResponse((response) => response.url().endsWith('/api/auth/passkeys/login'));
  await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
  const response = await signedIn;
  expect(response.status()).toBe(200);
  const body = await response.json();
  expect(decodeJwt(body.accessToken).amr).toEqual(['webauthn']);
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByRole('heading', { name: `Hello, ${user.firstName}` })).toBeVisible();
  expect((await context.cookies()).map((cookie) => cookie.name)).toContain(refreshCookieName);
  expect((await authenticator.credentials())[0]!.signCount, 'the authenticator was used').toBeGreaterThan(credential!.signCount);

  // A normal session: a reload restores it through the refresh cookie.
  await page.reload();
  await expect(page.getByRole('heading', { name: `Hello, ${user.firstName}` })).toBeVisible();
  await page.goto('/account');
  await expect(passkeysPanel(page)).toContainText('last used');
  await expect(page.getByRole('region', { name: 'Recent security activity' })).toContainText('With a passkey');
});

test('rename and remove on /account; a removed passkey signs nobody in, and says so in words', async ({ page }) => {
  await withoutPasskeyAutofill(page);
  await addVirtualAuthenticator(page);
  await signUpThroughForm(page);
  await addPasskeyOnAccount(page);
  const panel = passkeysPanel(page);

  await panel.getByRole('button', { name: /^Rename/ }).click();
  await panel.getByLabel('Name').fill('My laptop');
  await panel.getByRole('button', { name: 'Save name' }).click();
  await expect(panel.getByRole('listitem')).toContainText('My laptop');

  await panel.getByRole('button', { name: /^Remove/ }).click();
  await panel.getByRole('button', { name: 'Yes, remove' }).click();
  await expect(panel).toContainText('No passkeys yet.');
  await expect(panel.getByRole('status')).toContainText('My laptop removed');

  // The authenticator still holds it; the app no longer knows it.
  await logOut(page);
  await page.goto('/login');
  await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'That passkey did not sign you in' })).toBeVisible();
  await expect(page).toHaveURL(/\/login$/);
});

test('passkey autofill: on /login the Email field offers the passkey, and picking it signs in', async ({ page }) => {
  await addVirtualAuthenticator(page);
  const { user } = await signUpThroughForm(page);
  await addPasskeyOnAccount(page);
  // Logging out lands on /login, whose Email field asks for passkey suggestions as it loads; the
  // virtual authenticator picks the passkey as a person would from the suggestions.
  const signedIn = page.waitForResponse((response) => response.url().endsWith('/api/auth/passkeys/login'));
  await page.getByRole('button', { name: 'Log out', exact: true }).click();
  const response = await signedIn;
  expect(new URL(response.request().headers().referer ?? '').pathname, 'sent from /login').toBe('/login');
  expect(response.status()).toBe(200);
  expect(decodeJwt((await response.json()).accessToken).amr).toEqual(['webauthn']);
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByRole('heading', { name: `Hello, ${user.firstName}` })).toBeVisible();
});

test('after a password login without a passkey the app offers one, once; the password form works beside the passkey suggestions', async ({ page, request }) => {
  await addVirtualAuthenticator(page);
  const { user } = await signUpThroughForm(page);
  await logOut(page);

  // The Email field's passkey request is waiting; the password form cancels it and signs in.
  await page.goto('/login');
  await logInThroughForm(page, user);
  await expect(page).toHaveURL(/\/dashboard$/);
  const offer = page.getByRole('complementary', { name: 'Passkey suggestion' });
  await expect(offer).toContainText('Sign in faster next time');
  await expectAccessible(page, '/dashboard with the passkey offer', { dark: true });
  await offer.getByRole('button', { name: 'Not now' }).click();
  await expect(offer).toBeHidden();

  await logOut(page);
  await logInThroughForm(page, user);
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByRole('heading', { name: `Hello, ${user.firstName}` })).toBeVisible();
  await expect(offer, 'answered once, not offered again').toBeHidden();

  // A second account in the same browser is offered its own, and can take it from the offer.
  const other = { ...user, email: `other-${user.email}` };
  expect((await request.post('/api/auth/register', { data: other })).status()).toBe(201);
  await logOut(page);
  await logInThroughForm(page, other);
  await offer.getByRole('button', { name: 'Add a passkey' }).click();
  await expect(offer.getByRole('status')).toContainText('Passkey added');
});
