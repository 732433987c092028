import { TOTP } from 'otpauth';

/**
 * The demo people `npm start` seeds orders for. Their `sub`s are fixed so that seeded orders belong
 * to the accounts the local Cognito creates with the same subs. The passwords meet the pool's policy
 * (15+ characters); the admin has TOTP enrolled with a fixed secret, so an authenticator app set up
 * once from `DEMO_ADMIN_TOTP_URI` keeps working after `npm start -- --reset`. Local use only.
 */
export interface DemoAccount {
  sub: string;
  email: string;
  role: 'CUSTOMER' | 'ADMIN';
  password: string;
  /** Base32 TOTP secret, for an account enrolled in TOTP MFA. */
  totpSecret?: string;
}

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  {
    sub: '5f0c2a4e-1b7d-4c3a-9e8f-0a1b2c3d4e01',
    email: 'alice@example.com',
    role: 'CUSTOMER',
    password: 'alice local demo password',
  },
  {
    sub: '5f0c2a4e-1b7d-4c3a-9e8f-0a1b2c3d4e02',
    email: 'bob@example.com',
    role: 'CUSTOMER',
    password: 'bob local demo password',
  },
  {
    sub: '5f0c2a4e-1b7d-4c3a-9e8f-0a1b2c3d4e0a',
    email: 'admin@example.com',
    role: 'ADMIN',
    password: 'admin local demo password',
    totpSecret: 'JBSWY3DPEHPK3PXPSECUREORDERSLOCA',
  },
];

export const DEMO_CUSTOMERS = DEMO_ACCOUNTS.filter((account) => account.role === 'CUSTOMER');

export const DEMO_ADMIN = DEMO_ACCOUNTS.find((account) => account.role === 'ADMIN') as DemoAccount & {
  totpSecret: string;
};

/** The otpauth:// URI an authenticator app scans (or accepts pasted) to enrol the demo admin. */
export const DEMO_ADMIN_TOTP_URI = demoTotp(DEMO_ADMIN).toString();

/** The demo admin's authenticator, for code that needs a current code (tests, scripts). */
export function demoTotp(account: DemoAccount & { totpSecret: string }): TOTP {
  return new TOTP({ issuer: 'Secure Orders (local)', label: account.email, secret: account.totpSecret });
}
