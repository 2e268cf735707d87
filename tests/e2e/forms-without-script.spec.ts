import { expect, fillSignUpForm, logInThroughForm, newUser, signUpThroughForm, test } from './fixtures';

/**
 * A form sent before the page's script runs (a slow network, a blocked script) is sent by the
 * browser itself. The login and sign-up forms post, so the password travels in the body; the
 * server uses nothing of it and sends the person back to the form with a message.
 */

const EARLY = /Your details were not used: the form was sent before this page had finished loading/;

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the login form never puts the password in the URL, and says what happened', async ({ page }) => {
    const user = newUser();
    await page.goto('/login?next=%2Fdashboard');
    await logInThroughForm(page, user);
    await expect(page).toHaveURL(/\/login\?next=%2Fdashboard&form-sent-early=1$/);
    const url = page.url();
    expect(url).not.toContain(user.password);
    expect(url).not.toContain(encodeURIComponent(user.password));
    expect(url).not.toMatch(/password=|email=/);
    await expect(page.getByRole('alert').filter({ hasText: EARLY })).toBeVisible();
    await expect(page.getByLabel('Email')).toHaveValue('');
  });

  test('the sign-up form never puts the password in the URL, and nothing is created', async ({ page, request }) => {
    const user = newUser();
    await fillSignUpForm(page, user);
    await page.getByRole('button', { name: 'Sign up' }).click();
    await expect(page).toHaveURL(/\/register\?form-sent-early=1$/);
    expect(page.url()).not.toContain(user.password);
    expect(page.url()).not.toMatch(/password=|email=/);
    await expect(page.getByRole('alert').filter({ hasText: EARLY })).toBeVisible();
    const login = await request.post('/api/auth/login', { data: { email: user.email, password: user.password } });
    expect(login.status(), 'no account was created').toBe(401);
  });
});

test.describe('with JavaScript', () => {
  test('after being sent back, logging in works and goes on to next', async ({ page, openPage }) => {
    const { user } = await signUpThroughForm(await openPage());
    await page.goto('/login?next=%2Faccount&form-sent-early=1');
    await expect(page.getByRole('alert').filter({ hasText: EARLY })).toBeVisible();
    await logInThroughForm(page, user);
    await expect(page).toHaveURL(/\/account$/);
    await expect(page.getByText(`Signed in as ${user.firstName}`)).toBeVisible();
  });
});
