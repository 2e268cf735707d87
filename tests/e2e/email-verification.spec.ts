import { randomUUID } from 'node:crypto';
import { expectAccessible } from './axe';
import { layoutShiftSoFar } from './layout-shift';
import { needs } from './capabilities';
import { expect, newUser, signUpThroughForm, test } from './fixtures';
import { newestMail, verifyLinkIn } from './outbox';

const VERIFY = 'Verify your email address';
const BANNER = 'Please verify your email address';

test('a new user verifies their address from the mailed link; a used or retired link says which, and the way on', async ({ page, baseURL }) => {
  needs('outbox');
  // Eleven page loads (sign-up, a reload for the layout shift, the link, two dead links with their
  // titles, signed out) and two axe walks: over HTTPS on a loaded CI machine that passed the
  // default minute.
  test.setTimeout(120_000);
  const { user } = await signUpThroughForm(page);
  await expect(page.getByText(BANNER)).toBeVisible();
  await expectAccessible(page, 'the dashboard with the verification banner');
  // The banner comes in with the page, where the loading skeleton was: nothing jumps once the
  // session is restored (under the header it pushed every signed-in page down, a shift of 0.5).
  await page.reload();
  await expect(page.getByText(BANNER)).toBeVisible();
  expect(await layoutShiftSoFar(page), 'layout shift while the dashboard loads').toBeLessThan(0.1);

  const retired = await verifyLinkIn(await newestMail(page, user.email, VERIFY)).getAttribute('href');
  await page.goto('/dashboard');
  await page.getByRole('button', { name: 'Resend' }).click();
  await expect(page.getByRole('status').filter({ hasText: `A new link is on its way to ${user.email}.` })).toBeVisible();

  // The newest mail is the sign-up's until the new one has arrived.
  let mail = await newestMail(page, user.email, VERIFY);
  await expect(async () => {
    mail = await newestMail(page, user.email, VERIFY);
    expect(await verifyLinkIn(mail).getAttribute('href')).not.toBe(retired);
  }).toPass({ timeout: 15_000 });
  await expect(mail).toContainText('24 hours');
  const link = verifyLinkIn(mail);
  const href = await link.getAttribute('href');
  expect(new URL(href!).origin, 'the link leads back to this app').toBe(new URL(baseURL!).origin);
  expect(new URL(href!).hash).toMatch(/^#token=[\w-]{43}$/);
  await link.click();

  // Read once, the token leaves the address bar; the page verifies and this signed-in tab follows.
  await expect(page).toHaveURL(/\/verify-email$/);
  await expect(page.getByRole('status').filter({ hasText: 'Your email address is verified.' })).toContainText(user.email);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Email address verified');
  await expect(page).toHaveTitle('Email address verified · JWT Auth');
  await expect(page.getByText(BANNER)).toHaveCount(0);
  await expectAccessible(page, '/verify-email, verified', { dark: true });
  await page.getByRole('link', { name: 'Continue to your dashboard' }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page, 'the next page gets its own title').toHaveTitle('Dashboard · JWT Auth');
  await expect(page.getByText(BANNER)).toHaveCount(0);

  // The link just used, and the one the resend retired: each says which it is, under a heading (and
  // a tab title) that matches. This viewer is signed in and verified: the way on is the dashboard,
  // not a login.
  for (const { opened, title, headline } of [
    { opened: href!, title: 'Link already used', headline: 'This verification link has already been used.' },
    { opened: retired!, title: 'Link not valid', headline: 'This verification link is not valid.' },
  ]) {
    await page.goto(opened);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
    await expect(page).toHaveTitle(`${title} · JWT Auth`);
    await expect(page.getByRole('alert').filter({ hasText: headline })).toBeFocused();
    await expect(page.getByText(`Your email address, ${user.email}, is verified.`)).toBeVisible();
    await expect(page.getByRole('link', { name: 'Continue to your dashboard' })).toHaveAttribute('href', '/dashboard');
    await expect(page.getByRole('main').getByRole('link', { name: 'Log in', exact: true })).toHaveCount(0);
  }
  await expectAccessible(page, '/verify-email, a retired link');

  // Signed out, the used link offers a login and a new link by address.
  await page.goto('/dashboard');
  await page.getByRole('button', { name: 'Log out' }).click();
  await expect(page).toHaveURL(/\/login$/);
  await page.goto(href!);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Link already used');
  await expect(page.getByRole('alert').filter({ hasText: 'This verification link has already been used.' })).toBeVisible();
  await expect(page.getByRole('main').getByRole('link', { name: 'Log in', exact: true })).toHaveAttribute('href', '/login');
  await expect(page.getByLabel('Email')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Send a new link' })).toBeVisible();
  await expectAccessible(page, '/verify-email, a used link, signed out', { dark: true });
});

test('an expired link says so, and offers a new one', async ({ page }) => {
  // The server's refusal of a link past its 24 hours (the integration suite makes one in the database).
  const refusal = 'This verification link is invalid, expired or already used. Ask for a new one.';
  await page.route('**/api/auth/verify-email', (route) =>
    route.fulfill({
      status: 400,
      contentType: 'application/json',
      body: JSON.stringify({ success: false, code: 'validation_error', message: refusal, fields: { token: refusal }, reason: 'expired' }),
    }),
  );
  await page.goto(`/verify-email#token=${randomUUID()}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Link expired');
  await expect(page).toHaveTitle('Link expired · JWT Auth');
  await expect(page.getByRole('alert').filter({ hasText: 'This verification link has expired.' })).toContainText('24 hours');
  await expect(page.getByRole('main').getByRole('link', { name: 'Log in', exact: true })).toHaveCount(0);
  await page.getByLabel('Email').fill(`nobody-${randomUUID()}@example.com`);
  await page.getByRole('button', { name: 'Send a new link' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'If an account with this email still needs verifying, a new link is on its way.' })).toBeVisible();
});

test('/verify-email without a link, signed out, asks for the address to send a new one to', async ({ page }) => {
  await page.goto('/verify-email');
  // Shown as the page loads, the message is part of the page: it neither takes focus nor interrupts.
  const needsLink = page.getByText('This page needs the link from your verification email.');
  await expect(needsLink).toBeVisible();
  await expect(page.getByRole('alert').filter({ hasText: 'This page needs the link' })).toHaveCount(0);
  await expect(needsLink.locator('..')).not.toBeFocused();
  await page.getByLabel('Email').fill(`nobody-${randomUUID()}@example.com`);
  await page.getByRole('button', { name: 'Send a new link' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'If an account with this email still needs verifying, a new link is on its way.' })).toBeVisible();
  await expectAccessible(page, '/verify-email without a link', { dark: true });
});

test('the profile is edited and the address changed on /account, the change made through the link sent to the new address', async ({ page }) => {
  needs('outbox');
  const { user } = await signUpThroughForm(page);
  await page.goto('/account');
  await expectAccessible(page, '/account with the profile and email forms');

  await page.getByLabel('First name').fill('Grace');
  await page.getByRole('button', { name: 'Save profile' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Profile saved.' })).toBeVisible();
  await expect(page.getByText('Signed in as Grace')).toBeVisible();
  await expect(page.getByLabel('First name')).toHaveValue('Grace');

  const target = newUser().email;
  await page.getByLabel('New email').fill(target);
  await page.getByRole('button', { name: 'Send confirmation link' }).click();
  await expect(page.getByRole('status').filter({ hasText: `We sent a link to ${target}.` })).toBeVisible();

  const notice = await newestMail(page, user.email, 'Your email address is about to change');
  await expect(notice).toContainText(target);
  await expect(verifyLinkIn(notice), 'the old address gets no link').toHaveCount(0);
  const confirm = await newestMail(page, target, 'Confirm your new email address');
  await verifyLinkIn(confirm).click();
  await expect(page.getByRole('status').filter({ hasText: 'Your email address is verified.' })).toContainText(target);

  await page.goto('/account');
  await expect(page.getByRole('definition').filter({ hasText: target })).toBeVisible();
  // In the profile; the activity list rightly names the old address ("From ...") once it loads.
  await expect(page.getByRole('definition').filter({ hasText: user.email })).toHaveCount(0);
  const changed = await newestMail(page, user.email, 'Your email address was changed');
  await expect(changed).toContainText(target);

  await page.goto('/account');
  await expect(page.getByText('Email address changed').first()).toBeVisible();
});
