/**
 * The admin the flows that need one sign in as. Against a deployment it is E2E_ADMIN_EMAIL with
 * E2E_ADMIN_PASSWORD, an address the target's ADMIN_EMAILS lists; the local server is started with
 * this address in its ADMIN_EMAILS, so there a fixed account does.
 */
const email = process.env.E2E_ADMIN_EMAIL;
const password = process.env.E2E_ADMIN_PASSWORD;
if (Boolean(email) !== Boolean(password)) {
  throw new Error('Set E2E_ADMIN_EMAIL and E2E_ADMIN_PASSWORD together, or neither');
}

export const E2E_ADMIN = {
  email: email ?? 'e2e-admin@example.com',
  password: password ?? 'Sturdy-e2e-admin-passphrase',
  firstName: 'Ada',
  lastName: 'Admin',
};

/**
 * Against a deployment without E2E_ADMIN_* nobody can tell which account is an admin there, and the
 * fixed account must not be registered on it.
 */
export const e2eAdminKnown = Boolean(email) || !process.env.PLAYWRIGHT_BASE_URL;
