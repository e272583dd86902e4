/**
 * The demo data of docs/product.md#demo-data: two tenants, their administrators and accounts. Fixed
 * values, documented in the README; lib/demo/seed-demo-data.ts writes them.
 */

export interface OrgSeed {
  code: string;
  name: string;
  parent?: string;
  numbers: { from: number; count: number; prefix: string; tag?: string }[];
  groups: { name: string; isDefault: boolean }[];
}

/** Each tenant's organizations, parents before their children. */
export const DEMO_TENANTS: OrgSeed[][] = [
  [
    {
      code: '2000',
      name: 'Acme Corp',
      numbers: [
        { prefix: '+1212555', from: 100, count: 27 },
        { prefix: '+1212555', from: 127, count: 3, tag: 'PORTED' },
      ],
      groups: [
        { name: 'default cos for org 2000', isDefault: true },
        { name: 'Executives', isDefault: false },
      ],
    },
    {
      code: '2001',
      name: 'Sales',
      parent: '2000',
      numbers: [{ prefix: '+1212555', from: 200, count: 50 }],
      groups: [{ name: 'default cos for org 2001', isDefault: true }],
    },
    {
      code: '2002',
      name: 'Support',
      parent: '2000',
      numbers: [{ prefix: '+1212555', from: 300, count: 5 }],
      groups: [{ name: 'default cos for org 2002', isDefault: true }],
    },
    {
      code: '2003',
      name: 'Support EMEA',
      parent: '2002',
      numbers: [],
      groups: [{ name: 'default cos for org 2003', isDefault: true }],
    },
  ],
  [
    {
      code: '3000',
      name: 'Globex',
      numbers: [{ prefix: '+1312555', from: 100, count: 10 }],
      groups: [{ name: 'default cos for org 3000', isDefault: true }],
    },
  ],
];

/** Reserved tags by tenant (the root's code): their numbers are only ever assigned by an administrator. */
export const DEMO_RESERVED_TAGS: Record<string, string[]> = { '2000': ['PORTED'] };

export const DEMO_ADMINS = [
  { email: 'owner@acme.test', name: 'Olivia Owner', role: 'owner' as const, org: '2000' },
  { email: 'sales.admin@acme.test', name: 'Sam Sales', role: 'admin' as const, org: '2001' },
  { email: 'owner@globex.test', name: 'Gus Globex', role: 'owner' as const, org: '3000' },
];

export type SeedState = 'active' | 'pending' | 'expired' | 'not_invited';

export interface AccountSeed {
  first: string;
  last: string;
  email?: string;
  device?: string;
  org: string;
  state: SeedState;
  number?: string;
  personalPhone?: string;
}

export const DEMO_ACCOUNTS: AccountSeed[] = [
  {
    first: 'Ada',
    last: 'Lovelace',
    email: 'ada.lovelace@acme.test',
    org: '2000',
    state: 'active',
    number: '+12125550100',
    personalPhone: '+14155559001',
  },
  {
    first: 'Grace',
    last: 'Hopper',
    email: 'grace.hopper@acme.test',
    org: '2000',
    state: 'pending',
    number: '+12125550101',
  },
  { first: 'Alan', last: 'Turing', email: 'alan.turing@acme.test', org: '2000', state: 'pending' },
  { first: 'Katherine', last: 'Johnson', email: 'katherine.johnson@acme.test', org: '2000', state: 'expired' },
  { first: 'Linus', last: 'Torvalds', email: 'linus.torvalds@acme.test', org: '2000', state: 'not_invited' },
  {
    first: 'Margaret',
    last: 'Hamilton',
    device: '+14155559002',
    org: '2001',
    state: 'pending',
    number: '+12125550200',
  },
  {
    first: 'Steve',
    last: 'Wozniak',
    email: 'steve.wozniak@acme.test',
    org: '2001',
    state: 'active',
    number: '+12125550201',
    personalPhone: '+14155559003',
  },
  { first: 'Barbara', last: 'Liskov', email: 'barbara.liskov@acme.test', org: '2001', state: 'pending' },
  {
    first: 'Dennis',
    last: 'Ritchie',
    email: 'dennis.ritchie@acme.test',
    org: '2002',
    state: 'active',
    number: '+12125550300',
    personalPhone: '+14155559004',
  },
  { first: 'Frances', last: 'Allen', email: 'frances.allen@acme.test', org: '2002', state: 'pending' },
  {
    first: 'Hank',
    last: 'Scorpio',
    email: 'hank.scorpio@globex.test',
    org: '3000',
    state: 'active',
    number: '+13125550100',
    personalPhone: '+13125559001',
  },
  { first: 'Homer', last: 'Simpson', email: 'homer.simpson@globex.test', org: '3000', state: 'pending' },
  { first: 'Lenny', last: 'Leonard', device: '+13125559002', org: '3000', state: 'not_invited' },
];
