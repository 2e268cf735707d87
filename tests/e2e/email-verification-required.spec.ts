import { randomUUID } from 'node:crypto';
import { E2E_ADMIN } from './admin-account';
import { expectAccessible } from './axe';
import { expect, fillSignUpForm, logInThroughForm, newUser } from './fixtures';
import { newestMail, verifyLinkIn } from './outbox';
import { testWithOwnServer as test } from './own-server';

/**
 * Flows that need a server configured otherwise than the suite's: EMAIL_VERIFICATION=required,
 * and an ADMIN_EMAILS address nobody has registered yet.
 */

const VERIFY = 'Verify your email address';

test.describe('EMAIL_VERIFICATION=required', () => {
  test.use({ serverEnv: { EMAIL_VERIFICATION: 'required' } });

  test('sign-up waits for the emailed link; login says why and sends a new one; the link signs the user in', async ({ page, context, refreshCookieName }) => {
    const user = newUser();
    await fillSignUpForm(page, user);
    await page.getByRole('button', { name: 'Sign up' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Check your email' })).toContainText(user.email);
    await expect(page).toHaveURL(/\/register$/);
    expect((await context.cookies()).map((cookie) => cookie.name), 'no session before the address is verified').not.toContain(refreshCookieName);
    await expectAccessible(page, '/register, waiting for the link');
    const retired = await verifyLinkIn(await newestMail(page, user.email, VERIFY)).getAttribute('href');

    await page.goto('/login');
    await logInThroughForm(page, user);
    await expect(page.getByRole('alert').filter({ hasText: 'Verify your email address first' })).toBeVisible();
    await expect(page).toHaveURL(/\/login$/);
    await page.getByRole('button', { name: 'Send a new verification link' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'If an account with this email still needs verifying, a new link is on its way.' })).toBeVisible();
    await expectAccessible(page, '/login, the address unverified');

    let mail = await newestMail(page, user.email, VERIFY);
    await expect(async () => {
      mail = await newestMail(page, user.email, VERIFY);
      expect(await verifyLinkIn(mail).getAttribute('href')).not.toBe(retired);
    }).toPass({ timeout: 15_000 });
    await verifyLinkIn(mail).click();
    await expect(page.getByRole('status').filter({ hasText: 'Your email address is verified.' })).toContainText('you are signed in');
    expect((await context.cookies()).map((cookie) => cookie.name)).toContain(refreshCookieName);
    await expect(page.getByText(`Signed in as ${user.firstName}`)).toBeVisible();
    await page.getByRole('link', { name: 'Continue to your dashboard' }).click();
    await expect(page.getByRole('heading', { name: `Hello, ${user.firstName}` })).toBeVisible();

    // The link the resend retired says so, and this viewer (signed in by the newer one) is sent on.
    await page.goto(retired!);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Link not valid');
    await expect(page.getByRole('alert').filter({ hasText: 'This verification link is not valid.' })).toBeFocused();
    await expect(page.getByRole('link', { name: 'Continue to your dashboard' })).toHaveAttribute('href', '/dashboard');
  });

  test('a link opened where another account is signed in verifies that address, keeps the browser\'s own session, and says whose it is', async ({ page, request }) => {
    const signedIn = newUser();
    await fillSignUpForm(page, signedIn);
    await page.getByRole('button', { name: 'Sign up' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Check your email' })).toBeVisible();
    await verifyLinkIn(await newestMail(page, signedIn.email, VERIFY)).click();
    await expect(page.getByText(`Signed in as ${signedIn.firstName}`)).toBeVisible();

    // Someone else's sign-up, whose link is opened in this browser.
    const other = newUser();
    expect((await request.post('/api/auth/register', { data: other })).status()).toBe(201);
    await verifyLinkIn(await newestMail(page, other.email, VERIFY)).click();
    const notice = page.getByRole('status').filter({ hasText: 'Your email address is verified.' });
    await expect(notice).toContainText(other.email);
    await expect(notice).not.toContainText('you are signed in');
    await expect(notice).toContainText(`This browser stays signed in as ${signedIn.email}.`);
    await expect(page.getByText(`Signed in as ${signedIn.firstName}`)).toBeVisible();
    await expectAccessible(page, '/verify-email, the link of another account than the one signed in');
    await page.getByRole('link', { name: `Continue as ${signedIn.email}` }).click();
    await expect(page.getByRole('heading', { name: `Hello, ${signedIn.firstName}` })).toBeVisible();

    // The address is verified all the same: its owner logs in elsewhere.
    const login = await request.post('/api/auth/login', { data: { email: other.email, password: other.password } });
    expect(login.status()).toBe(200);
  });
});

test.describe('ADMIN_EMAILS', () => {
  const listed = `listed-${randomUUID()}@example.com`;
  test.use({ serverEnv: { ADMIN_EMAILS: `${E2E_ADMIN.email},${listed}` } });

  test('a listed address is no admin until its owner opens the verification link', async ({ page }) => {
    const user = newUser({ email: listed });
    await fillSignUpForm(page, user);
    await page.getByRole('button', { name: 'Sign up' }).click();
    await expect(page).toHaveURL(/\/dashboard$/);
    await expect(page.getByRole('link', { name: 'Admin' })).toHaveCount(0);
    await page.goto('/admin');
    await expect(page.getByText('Only admins can see this page.')).toBeVisible();

    await verifyLinkIn(await newestMail(page, listed, VERIFY)).click();
    await expect(page.getByRole('status').filter({ hasText: 'Your email address is verified.' })).toBeVisible();
    // This tab renewed its token when the link verified its own account: the role is in it now.
    await expect(page.getByRole('link', { name: 'Admin' })).toBeVisible();
    await page.getByRole('link', { name: 'Admin' }).click();
    await expect(page.getByLabel(`Role for ${listed}`)).toHaveValue('admin');
  });
});
