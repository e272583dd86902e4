import { and, count, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import {
  accounts,
  administrators,
  invitations,
  type Organization,
  organizations,
  permissionGroups,
  phoneNumbers,
  reservedTags,
} from '@/db/schema';
import { hashPassword } from '@/lib/auth/password';
import {
  generateActivationPassword,
  generateLinkToken,
  hashActivationPassword,
  hashLinkToken,
} from '@/lib/invitations/secrets';
import {
  type AccountSeed,
  DEMO_ACCOUNTS,
  DEMO_ADMINS,
  DEMO_RESERVED_TAGS,
  DEMO_TENANTS,
  type OrgSeed,
} from './demo-data';

/** The demo administrators' password, documented in the README. */
export const DEMO_PASSWORD = 'multiline-demo';
const SEED_LOCK = 727275;
const DAY = 86_400_000;

/** What the seeding of the organizations leaves for the administrators and accounts, by code or e164. */
interface SeededOrganizations {
  orgIds: Map<string, string>;
  defaultGroups: Map<string, string>;
  numberIds: Map<string, string>;
}

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
      .where(and(inArray(organizations.code, ['2000', '3000']), isNull(organizations.parentId)));
    if (existing.length > 0) return false;

    const seeded = await seedOrganizations(tx);
    await tx.insert(administrators).values(
      DEMO_ADMINS.map((a) => ({
        email: a.email,
        name: a.name,
        role: a.role,
        organizationId: seeded.orgIds.get(a.org)!,
        status: 'active' as const,
        passwordHash,
      })),
    );
    const now = Date.now();
    for (const account of DEMO_ACCOUNTS) await seedAccount(tx, seeded, account, now);
    return true;
  });
}

/** Every demo tenant's organizations, each with its permission groups and numbers. */
async function seedOrganizations(tx: Db): Promise<SeededOrganizations> {
  const seeded: SeededOrganizations = { orgIds: new Map(), defaultGroups: new Map(), numberIds: new Map() };
  const placed = new Map<string, Pick<Organization, 'path' | 'depth'>>();
  for (const tenant of DEMO_TENANTS) {
    const tenantId = crypto.randomUUID();
    for (const org of tenant) {
      const id = org.parent ? crypto.randomUUID() : tenantId;
      const parent = org.parent ? placed.get(org.parent) : undefined;
      const place = { path: `${parent?.path ?? '/'}${id}/`, depth: (parent?.depth ?? -1) + 1 };
      await tx.insert(organizations).values({
        id,
        tenantId,
        parentId: org.parent ? seeded.orgIds.get(org.parent)! : null,
        code: org.code,
        name: org.name,
        ...place,
      });
      placed.set(org.code, place);
      seeded.orgIds.set(org.code, id);
      await seedGroupsAndNumbers(tx, seeded, org, id);
    }
    const reserved = DEMO_RESERVED_TAGS[tenant[0]!.code] ?? [];
    if (reserved.length > 0) await tx.insert(reservedTags).values(reserved.map((tag) => ({ tenantId, tag })));
  }
  return seeded;
}

async function seedGroupsAndNumbers(tx: Db, seeded: SeededOrganizations, org: OrgSeed, id: string): Promise<void> {
  const groups = await tx
    .insert(permissionGroups)
    .values(org.groups.map((g) => ({ organizationId: id, name: g.name, isDefault: g.isDefault })))
    .returning();
  seeded.defaultGroups.set(org.code, groups.find((g) => g.isDefault)!.id);
  const numbers = org.numbers.flatMap((range) =>
    Array.from({ length: range.count }, (_, i) => ({
      e164: e164(range.prefix, range.from + i),
      organizationId: id,
      tag: range.tag ?? null,
    })),
  );
  if (numbers.length === 0) return;
  const inserted = await tx.insert(phoneNumbers).values(numbers).returning();
  for (const n of inserted) seeded.numberIds.set(n.e164, n.id);
}

/** One demo account in its state: invited some days ago, activated, or never invited; with its number. */
async function seedAccount(tx: Db, seeded: SeededOrganizations, a: AccountSeed, now: number): Promise<void> {
  const invited = a.state !== 'not_invited';
  const invitedAt = new Date(now - (a.state === 'expired' ? 40 : a.state === 'active' ? 20 : 2) * DAY);
  const expiresAt = new Date(invitedAt.getTime() + 30 * DAY);
  const activatedAt = a.state === 'active' ? new Date(invitedAt.getTime() + DAY) : null;
  const [account] = await tx
    .insert(accounts)
    .values({
      organizationId: seeded.orgIds.get(a.org)!,
      permissionGroupId: seeded.defaultGroups.get(a.org)!,
      firstName: a.first,
      lastName: a.last,
      email: a.email ?? null,
      deviceNumber: a.device ?? null,
      personalPhone: a.personalPhone ?? null,
      status: a.state === 'active' ? 'active' : invited ? 'invited' : 'not_invited',
      invitedAt: invited ? invitedAt : null,
      invitationExpiresAt: invited ? expiresAt : null,
      activatedAt,
    })
    .returning({ id: accounts.id });
  if (a.number) {
    await tx
      .update(phoneNumbers)
      .set({ accountId: account!.id, assignedAt: invitedAt })
      .where(eq(phoneNumbers.id, seeded.numberIds.get(a.number)!));
  }
  if (!invited) return;
  await tx.insert(invitations).values({
    accountId: account!.id,
    channel: a.email ? 'email' : 'sms',
    destination: a.email ?? a.device!,
    passwordHash: hashActivationPassword(generateActivationPassword()),
    tokenHash: hashLinkToken(generateLinkToken()),
    expiresAt,
    deliveryState: 'delivered',
    deliveryUpdatedAt: invitedAt,
    usedAt: activatedAt,
    createdAt: invitedAt,
  });
}
