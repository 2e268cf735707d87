import { createHash, createPublicKey, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';

/**
 * A software authenticator for the API tests: what a browser and a platform authenticator
 * together hand a relying party, built by hand (WebAuthn Level 2, §6 and §7). It makes ES256
 * (P-256) discoverable credentials with attestation `none`, and signs assertions over
 * `authenticatorData || SHA-256(clientDataJSON)` exactly as an authenticator does. Every part a
 * test wants to get wrong (origin, RP ID, counter, flags, user handle) can be overridden.
 */

type Cbor = number | string | Uint8Array | Cbor[] | Map<Cbor, Cbor> | { [key: string]: Cbor };

// The CBOR a COSE key and an attestation object need: small maps, integers, byte and text strings.
function head(major: number, length: number): Buffer {
  if (length < 24) return Buffer.from([(major << 5) | length]);
  if (length < 0x100) return Buffer.from([(major << 5) | 24, length]);
  if (length < 0x10000) return Buffer.from([(major << 5) | 25, length >> 8, length & 0xff]);
  const long = Buffer.alloc(5);
  long[0] = (major << 5) | 26;
  long.writeUInt32BE(length, 1);
  return long;
}

export function encodeCbor(value: Cbor): Buffer {
  if (typeof value === 'number') return value >= 0 ? head(0, value) : head(1, -1 - value);
  if (typeof value === 'string') {
    const bytes = Buffer.from(value, 'utf8');
    return Buffer.concat([head(3, bytes.length), bytes]);
  }
  if (value instanceof Uint8Array) return Buffer.concat([head(2, value.length), value]);
  if (Array.isArray(value)) return Buffer.concat([head(4, value.length), ...value.map(encodeCbor)]);
  const entries = value instanceof Map ? [...value.entries()] : Object.entries(value);
  return Buffer.concat([head(5, entries.length), ...entries.flatMap(([key, item]) => [encodeCbor(key), encodeCbor(item)])]);
}

const b64url = (bytes: Uint8Array | string) => Buffer.from(bytes).toString('base64url');
const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest();

// Authenticator data flags (WebAuthn §6.1).
const FLAG = { UP: 0x01, UV: 0x04, BE: 0x08, BS: 0x10, AT: 0x40 } as const;

export interface RegistrationOptions {
  challenge: string;
  rp: { id?: string; name: string };
  user: { id: string; name: string; displayName: string };
  excludeCredentials?: { id: string }[];
}

export interface AuthenticationOptions {
  challenge: string;
  rpId?: string;
  allowCredentials?: { id: string }[];
}

export interface Credential {
  id: string;
  privateKey: KeyObject;
  /** The user handle the relying party gave at registration (base64url). */
  userHandle: string;
  rpId: string;
  signCount: number;
}

export interface CeremonyOverrides {
  /** The page's origin, as the browser writes it into clientDataJSON. */
  origin?: string;
  /** The RP ID whose hash the authenticator writes into authenticatorData. */
  rpId?: string;
  /** The clientDataJSON `type`. */
  type?: string;
  /** Another challenge than the options'. */
  challenge?: string;
  /** User verified (PIN, biometrics): on unless set false. */
  userVerified?: boolean;
}

export interface AssertionOverrides extends CeremonyOverrides {
  /** The signature counter to report, instead of the credential's own. */
  signCount?: number;
  /** The user handle to return; `null` returns none. */
  userHandle?: string | null;
}

/**
 * `counting`: the signature counter goes up by one at every assertion (a security key). Off,
 * it stays 0 for ever, as synced passkeys do.
 */
export class SoftwareAuthenticator {
  readonly credentials: Credential[] = [];

  constructor(
    private readonly origin: string,
    private readonly options: { counting?: boolean; backedUp?: boolean } = {},
  ) {}

  private flags(userVerified: boolean | undefined, extra = 0): number {
    const backup = this.options.backedUp ? FLAG.BE | FLAG.BS : 0;
    return FLAG.UP | (userVerified === false ? 0 : FLAG.UV) | backup | extra;
  }

  private clientData(type: string, challenge: string, overrides: CeremonyOverrides): Buffer {
    return Buffer.from(JSON.stringify({ type: overrides.type ?? type, challenge: overrides.challenge ?? challenge, origin: overrides.origin ?? this.origin, crossOrigin: false }));
  }

  /**
   * navigator.credentials.create() for `options`: the RegistrationResponseJSON a browser would
   * send. With `existing`, the same credential (id and key) once more, as an authenticator that
   * ignored `excludeCredentials` would.
   */
  register(options: RegistrationOptions, overrides: CeremonyOverrides = {}, existing?: Credential) {
    const rpId = overrides.rpId ?? options.rp.id ?? new URL(this.origin).hostname;
    const privateKey = existing?.privateKey ?? generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    const jwk = createPublicKey(privateKey).export({ format: 'jwk' });
    // COSE_Key (RFC 9052): kty EC2, alg ES256, crv P-256, x, y.
    const coseKey = encodeCbor(
      new Map<Cbor, Cbor>([
        [1, 2],
        [3, -7],
        [-1, 1],
        [-2, Buffer.from(jwk.x!, 'base64url')],
        [-3, Buffer.from(jwk.y!, 'base64url')],
      ]),
    );
    const credentialId = existing ? Buffer.from(existing.id, 'base64url') : randomBytes(16);
    const counter = Buffer.alloc(4);
    const idLength = Buffer.alloc(2);
    idLength.writeUInt16BE(credentialId.length);
    const authData = Buffer.concat([sha256(rpId), Buffer.from([this.flags(overrides.userVerified, FLAG.AT)]), counter, Buffer.alloc(16), idLength, credentialId, coseKey]);
    const attestationObject = encodeCbor({ fmt: 'none', attStmt: {}, authData });
    const credential: Credential = existing ?? { id: b64url(credentialId), privateKey, userHandle: options.user.id, rpId, signCount: 0 };
    if (!existing) this.credentials.push(credential);
    return {
      id: credential.id,
      rawId: credential.id,
      type: 'public-key',
      authenticatorAttachment: 'platform',
      clientExtensionResults: {},
      response: {
        clientDataJSON: b64url(this.clientData('webauthn.create', options.challenge, overrides)),
        attestationObject: b64url(attestationObject),
        transports: ['internal'],
      },
    };
  }

  /**
   * navigator.credentials.get() for `options` with this authenticator's newest credential (or
   * `credential`): the AuthenticationResponseJSON a browser would send.
   */
  authenticate(options: AuthenticationOptions, overrides: AssertionOverrides = {}, credential = this.credentials.at(-1)) {
    if (!credential) throw new Error('this authenticator holds no credential');
    if (this.options.counting && overrides.signCount === undefined) credential.signCount++;
    const signCount = Buffer.alloc(4);
    signCount.writeUInt32BE(overrides.signCount ?? credential.signCount);
    const rpId = overrides.rpId ?? credential.rpId;
    const authenticatorData = Buffer.concat([sha256(rpId), Buffer.from([this.flags(overrides.userVerified)]), signCount]);
    const clientDataJSON = this.clientData('webauthn.get', options.challenge, overrides);
    const signature = sign('sha256', Buffer.concat([authenticatorData, sha256(clientDataJSON)]), credential.privateKey);
    const userHandle = overrides.userHandle === undefined ? credential.userHandle : overrides.userHandle;
    return {
      id: credential.id,
      rawId: credential.id,
      type: 'public-key',
      authenticatorAttachment: 'platform',
      clientExtensionResults: {},
      response: {
        clientDataJSON: b64url(clientDataJSON),
        authenticatorData: b64url(authenticatorData),
        signature: b64url(signature),
        ...(userHandle === null ? {} : { userHandle }),
      },
    };
  }
}
