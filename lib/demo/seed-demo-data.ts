import { count, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { accounts, administrators, invitations, organizations, permissionGroups, phoneNumbers } from '@/db/schema';
import { hashPassword } from '@/lib/auth/password';
import {
  generateActivationPassword,
  generateLinkToken,
  hashActivationPassword,
  hashLinkToken,
} from '@/lib/invitations/secrets';

/** The demo data of docs/product.md#demo-data. Fixed values, documented in the README. */
export const DEMO_PASSWORD = 'multiline-demo';
const SEED_LOCK = 727275;
const DAY = 86_400_000;

interface OrgSeed {
  code: string;
  name: string;
  parent?: string;
  numbers: { from: number; count: number; prefix: string; tag?: string }[];
  groups: { name: string; isDefault: boolean }[];
}

const TENANTS: OrgSeed[][] = [
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

const ADMINS = [
  { email: 'owner@acme.test', name: 'Olivia Owner', role: 'owner' as const, org: '2000' },
  { email: 'sales.admin@acme.test', name: 'Sam Sales', role: 'admin' as const, org: '2001' },
  { email: 'owner@globex.test', name: 'Gus Globex', role: 'owner' as const, org: '3000' },
];

type SeedState = 'active' | 'pending' | 'expired' | 'not_invited';
const ACCOUNTS: {
  first: string;
  last: string;
  email?: string;
  device?: string;
  org: string;
  state: SeedState;
  number?: string;
  personalPhone?: string;
}[] = [
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

function e164(prefix: string, n: number): string {
  return `${prefix}${String(n).padStart(4, '0')}`;
}

export async function seedDemoDataIfEmpty(db: Db): Promise<boolean> {
  const [row] = await db.select({ n: count() }).from(organizations);
  if ((row?.n ?? 0) > 0) return false;
  return seedDemoData(db);
}

/** Seeds the demo tenants unless an organization with the demo codes already exists. */
export async function seedDemoData(db: Db): Promise<boolean> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  return db.transaction(async (tx) => {
    // Several instances may start on one empty database at once; only the first seeds.
    await tx.execute(sql`select pg_advisory_xact_lock(${SEED_LOCK})`);
    const existing = await tx
      .select({ id: organizations.id })
      .from(organizations)
      .where(sql`${organizations.code} in ('2000', '3000') and ${organizations.parentId} is null`);
    if (existing.length > 0) return false;

    const orgIds = new Map<string, string>();
    const defaultGroups = new Map<string, string>();
    const numberIds = new Map<string, string>();
    for (const tenant of TENANTS) {
      const tenantId = crypto.randomUUID();
      for (const org of tenant) {
        const id = org.parent ? crypto.randomUUID() : tenantId;
        const parentId = org.parent ? orgIds.get(org.parent)! : null;
        const [parent] = parentId
          ? await tx
              .select()
              .from(organizations)
              .where(sql`${organizations.id} = ${parentId}`)
          : [undefined];
        await tx.insert(organizations).values({
          id,
          tenantId,
          parentId,
          code: org.code,
          name: org.name,
          path: `${parent?.path ?? '/'}${id}/`,
          depth: (parent?.depth ?? -1) + 1,
        });
        orgIds.set(org.code, id);
        const groups = await tx
          .insert(permissionGroups)
          .values(org.groups.map((g) => ({ organizationId: id, name: g.name, isDefault: g.isDefault })))
          .returning();
        defaultGroups.set(org.code, groups.find((g) => g.isDefault)!.id);
        const numbers = org.numbers.flatMap((range) =>
          Array.from({ length: range.count }, (_, i) => ({
            e164: e164(range.prefix, range.from + i),
            organizationId: id,
            tag: range.tag ?? null,
          })),
        );
        if (numbers.length > 0) {
          const inserted = await tx.insert(phoneNumbers).values(numbers).returning();
          for (const n of inserted) numberIds.set(n.e164, n.id);
        }
      }
    }

    await tx.insert(administrators).values(
      ADMINS.map((a) => ({
        email: a.email,
        name: a.name,
        role: a.role,
        organizationId: orgIds.get(a.org)!,
        status: 'active' as const,
        passwordHash,
      })),
    );

    const now = Date.now();
    for (const a of ACCOUNTS) {
      const invited = a.state !== 'not_invited';
      const invitedAt = new Date(now - (a.state === 'expired' ? 40 : a.state === 'active' ? 20 : 2) * DAY);
      const expiresAt = new Date(invitedAt.getTime() + 30 * DAY);
      const [account] = await tx
        .insert(accounts)
        .values({
          organizationId: orgIds.get(a.org)!,
          permissionGroupId: defaultGroups.get(a.org)!,
          firstName: a.first,
          lastName: a.last,
          email: a.email ?? null,
          deviceNumber: a.device ?? null,
          personalPhone: a.personalPhone ?? null,
          status: a.state === 'active' ? 'active' : invited ? 'invited' : 'not_invited',
          invitedAt: invited ? invitedAt : null,
          invitationExpiresAt: invited ? expiresAt : null,
          activatedAt: a.state === 'active' ? new Date(invitedAt.getTime() + DAY) : null,
        })
        .returning();
      if (a.number) {
        await tx
          .update(phoneNumbers)
          .set({ accountId: account!.id, assignedAt: invitedAt })
          .where(sql`${phoneNumbers.id} = ${numberIds.get(a.number)!}`);
      }
      if (invited) {
        await tx.insert(invitations).values({
          accountId: account!.id,
          channel: a.email ? 'email' : 'sms',
          destination: a.email ?? a.device!,
          passwordHash: hashActivationPassword(generateActivationPassword()),
          tokenHash: hashLinkToken(generateLinkToken()),
          expiresAt,
          deliveryState: 'delivered',
          deliveryUpdatedAt: invitedAt,
          usedAt: a.state === 'active' ? new Date(invitedAt.getTime() + DAY) : null,
          createdAt: invitedAt,
        });
      }
    }
    return true;
  });
}
