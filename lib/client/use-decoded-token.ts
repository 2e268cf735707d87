'use client';

import { useMemo } from 'react';
import { useAccessToken } from './auth-context';
import { decodeJwt, type DecodedJwt } from './decode-jwt';

/** The current access token's header and payload, decoded again whenever the token is replaced. */
export function useDecodedToken(): DecodedJwt | null {
  const token = useAccessToken();
  return useMemo(() => (token ? decodeJwt(token) : null), [token]);
}
