/**
 * Access tokens this process has already verified, with their claims, until they expire. A client
 * sends the same token with every request for its whole lifetime, and each protected request is
 * checked twice (middleware, then route handler); the signature check of identical bytes under the
 * same key can only give the same answer, so it is paid once per token and process instead of twice
 * per request (decision 012). One instance per key ring (lib/auth/tokens.ts). Only the time checks can change, and the caller repeats them on a hit.
 * Refused tokens are never stored, and the size is bounded: the oldest entry goes first.
 */
export class VerifiedTokens<Claims extends { exp: number }> {
  private readonly entries = new Map<string, Claims>();

  constructor(private readonly capacity: number) {}

  get(token: string): Claims | undefined {
    return this.entries.get(token);
  }

  remember(token: string, claims: Claims): void {
    if (this.entries.size >= this.capacity) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(token, claims);
  }

  forget(token: string): void {
    this.entries.delete(token);
  }
}
