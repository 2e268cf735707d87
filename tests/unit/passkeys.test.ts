import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { WebAuthnError } from '@simplewebauthn/browser';
import { ApiRequestError } from '../../lib/client/auth-client';
import { passkeyMessage } from '../../lib/client/passkey-messages';
import { counterAccepted } from '../../lib/passkeys/counter';

describe('the signature counter rule', () => {
  test('an authenticator that never counts (0 every time) is always accepted', () => {
    assert.equal(counterAccepted(0, 0), true);
  });

  test('one that counts must go up, by any step', () => {
    assert.equal(counterAccepted(0, 1), true);
    assert.equal(counterAccepted(5, 6), true);
    assert.equal(counterAccepted(5, 1_000), true);
  });

  test('the same count again, a lower one, or back to 0 after counting is refused: a copy of the key is in use', () => {
    assert.equal(counterAccepted(5, 5), false);
    assert.equal(counterAccepted(5, 4), false);
    assert.equal(counterAccepted(5, 0), false);
  });
});

const webAuthnError = (code: ConstructorParameters<typeof WebAuthnError>[0]['code'], name: string) =>
  new WebAuthnError({ message: 'from the browser', code, cause: Object.assign(new Error('cause'), { name }) });

describe('passkey errors in words', () => {
  test('the app cancelling its own request says nothing', () => {
    assert.equal(passkeyMessage(webAuthnError('ERROR_CEREMONY_ABORTED', 'AbortError'), 'sign-in'), null);
  });

  test('the person cancelling, or a device with no passkey here', () => {
    const notAllowed = webAuthnError('ERROR_PASSTHROUGH_SEE_CAUSE_PROPERTY', 'NotAllowedError');
    assert.match(passkeyMessage(notAllowed, 'sign-in')!, /cancelled or timed out, or this device has no passkey for this site/);
    assert.match(passkeyMessage(notAllowed, 'registration')!, /No passkey was added: the request was cancelled or timed out/);
  });

  test('a device that already has a passkey for the account', () => {
    assert.equal(passkeyMessage(webAuthnError('ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED', 'InvalidStateError'), 'registration'), 'This device already has a passkey for your account.');
  });

  test('a browser without passkeys', () => {
    assert.match(passkeyMessage(new Error('WebAuthn is not supported in this browser'), 'sign-in')!, /does not support passkeys/);
  });

  test('the server refusing a passkey sign-in, and other refusals in the usual words', () => {
    const refused = new ApiRequestError({ status: 401, code: 'invalid_credentials', message: 'Invalid email or password' });
    assert.match(passkeyMessage(refused, 'sign-in')!, /^That passkey did not sign you in/);
    const limited = new ApiRequestError({ status: 429, code: 'rate_limited', message: 'Too many attempts. Try again in 30 seconds.', retryAfterSeconds: 30 });
    assert.equal(passkeyMessage(limited, 'sign-in'), 'Too many attempts. Try again in 30 seconds.');
    const taken = new ApiRequestError({ status: 400, code: 'validation_error', message: 'This passkey is already registered' });
    assert.equal(passkeyMessage(taken, 'registration'), 'This passkey is already registered');
  });

  test('anything else: a plain sentence, never the error\'s own text', () => {
    const odd = new Error('TypeError: cannot read properties of undefined (reading "publicKey")');
    assert.equal(passkeyMessage(odd, 'sign-in'), 'The passkey could not be used. Try again, or log in with your password.');
    assert.equal(passkeyMessage(odd, 'registration'), 'The passkey could not be added. Try again.');
  });
});
