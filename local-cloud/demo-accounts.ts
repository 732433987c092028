/**
 * The demo people `npm start` seeds orders for. Their `sub`s are fixed so that seeded orders belong
 * to the accounts the local Cognito creates with the same subs.
 */
export interface DemoAccount {
  sub: string;
  email: string;
  role: 'CUSTOMER' | 'ADMIN';
}

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  { sub: '5f0c2a4e-1b7d-4c3a-9e8f-0a1b2c3d4e01', email: 'alice@example.com', role: 'CUSTOMER' },
  { sub: '5f0c2a4e-1b7d-4c3a-9e8f-0a1b2c3d4e02', email: 'bob@example.com', role: 'CUSTOMER' },
  { sub: '5f0c2a4e-1b7d-4c3a-9e8f-0a1b2c3d4e0a', email: 'admin@example.com', role: 'ADMIN' },
];

export const DEMO_CUSTOMERS = DEMO_ACCOUNTS.filter((account) => account.role === 'CUSTOMER');
