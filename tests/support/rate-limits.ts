/**
 * Every suite but the rate-limit one signs up and logs in far more often than a person could, from
 * one address; these lift the limits for them. tests/integration/rate-limits.test.ts sets its own.
 */
export const RELAXED_RATE_LIMITS = {
  RATE_LIMIT_LOGIN_FAILURES: '10000/1m',
  RATE_LIMIT_LOGIN_FAILURES_PER_ACCOUNT: '10000/1m',
  RATE_LIMIT_PASSWORD_CHECKS_PER_USER: '10000/1m',
  RATE_LIMIT_CODE_CHECKS_PER_USER: '10000/1m',
  RATE_LIMIT_AUTH_PER_IP: '10000/1m',
  RATE_LIMIT_REFRESH_PER_SESSION: '10000/1m',
  RATE_LIMIT_FORGOT_PER_EMAIL_AND_IP: '10000/1m',
  RATE_LIMIT_FORGOT_PER_EMAIL: '10000/1m',
  RATE_LIMIT_FORGOT_PER_IP: '10000/1m',
  RATE_LIMIT_VERIFY_MAIL_PER_USER: '10000/1m',
};
