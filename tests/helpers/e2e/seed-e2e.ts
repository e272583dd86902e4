import { sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import {
  accounts,
  accountStatus,
  administrators,
  invitations,
  organizations,
  permissionGroups,
  phoneNumbers,
} from '@/db/schema';
import { DEMO_PASSWORD } from '@/lib/demo/seed-demo-data';
import { hashPassword } from '@/lib/auth/password';
import { generateLinkToken, hashActivationPassword, hashLinkToken } from '@/lib/invitations/secrets';

/** The suite's own tenant, so that tests which page, sort or delete leave the demo tenants as they are. */
export const INITECH = { owner: 'owner@initech.test', pagers: 120 };

/** An Initech administrator whose password a test changes, to show that it ends their other sessions. */
export const ROTATING_ADMIN = { email: 'milton.rotate@initech.test', name: 'Milton Rotate' };

/**
 * An Active Initech user whose invitation password the tests know, so that they can show the old
 * password refused after Resend Invite (a real invitation's password is only ever in its message).
 */
export const REINSTALL_USER = {
  name: 'Rhonda Reinstall',
  email: 'rhonda.reinstall@initech.test',
  password: 'Kd7m-Qx4p-Ws9t',
  personalPhone: '+16465550123',
  number: '+16465550780',
};

const DAY = 86_400_000;

export async function seedE2eData(db: Db) {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const id = crypto.randomUUID();
  await db.transaction(async (tx) => {
    await tx.insert(organizations).values({ id, tenantId: id, code: '4000', name: 'Initech', path: `/${id}/` });
    const [group] = await tx
      .insert(permissionGroups)
      .values({ organizationId: id, name: 'default cos for org 4000', isDefault: true })
      .returning();
    await tx.insert(administrators).values({
      email: INITECH.owner,
      name: 'Bill Lumbergh',
      role: 'owner',
      organizationId: id,
      status: 'active',
      passwordHash,
    });
    await tx.insert(administrators).values({
      email: ROTATING_ADMIN.email,
      name: ROTATING_ADMIN.name,
      role: 'admin',
      organizationId: id,
      status: 'active',
      passwordHash,
    });
    const now = Date.now();
    const rows = Array.from({ length: INITECH.pagers }, (_, i) => {
      const n = String(i + 1).padStart(3, '0');
      const status: (typeof accountStatus.enumValues)[number] =
        i % 3 === 0 ? 'active' : i % 3 === 1 ? 'invited' : 'not_invited';
      const invitedAt = status === 'not_invited' ? null : new Date(now - (i + 1) * 3_600_000);
      return {
        organizationId: id,
        permissionGroupId: group!.id,
        firstName: 'Pager',
        lastName: n,
        email: `pager${n}@initech.test`,
        status,
        invitedAt,
        invitationExpiresAt: invitedAt ? new Date(invitedAt.getTime() + 30 * DAY) : null,
        activatedAt: status === 'active' ? new Date(now - i * 60_000) : null,
        personalPhone: status === 'active' ? `+1646555${String(1000 + i)}` : null,
      };
    });
    rows.push(
      ...['One', 'Two'].map((last) => ({
        organizationId: id,
        permissionGroupId: group!.id,
        firstName: 'Disposable',
        lastName: last,
        email: `disposable.${last.toLowerCase()}@initech.test`,
        status: 'not_invited' as const,
        invitedAt: null,
        invitationExpiresAt: null,
        activatedAt: null,
        personalPhone: null,
      })),
    );
    const inserted = await tx.insert(accounts).values(rows).returning({ id: accounts.id, lastName: accounts.lastName });
    const pager7 = inserted.find((a) => a.lastName === '007')!;
    const disposable = inserted.find((a) => a.lastName === 'One')!;
    await tx.insert(phoneNumbers).values([
      { e164: '+16465550777', organizationId: id, tag: 'TOLLFREE', accountId: pager7.id, assignedAt: new Date() },
      { e164: '+16465550778', organizationId: id, accountId: disposable.id, assignedAt: new Date() },
      { e164: '+16465550779', organizationId: id },
    ]);
    const invitedAt = new Date(now - 3 * DAY);
    const [rhonda] = await tx
      .insert(accounts)
      .values({
        organizationId: id,
        permissionGroupId: group!.id,
        firstName: 'Rhonda',
        lastName: 'Reinstall',
        email: REINSTALL_USER.email,
        status: 'active',
        invitedAt,
        invitationExpiresAt: new Date(invitedAt.getTime() + 30 * DAY),
        activatedAt: new Date(invitedAt.getTime() + DAY),
        personalPhone: REINSTALL_USER.personalPhone,
      })
      .returning();
    await tx.insert(phoneNumbers).values({
      e164: REINSTALL_USER.number,
      organizationId: id,
      accountId: rhonda!.id,
      assignedAt: invitedAt,
    });
    await tx.insert(invitations).values({
      accountId: rhonda!.id,
      channel: 'email',
      destination: REINSTALL_USER.email,
      passwordHash: hashActivationPassword(REINSTALL_USER.password),
      tokenHash: hashLinkToken(generateLinkToken()),
      expiresAt: new Date(invitedAt.getTime() + 30 * DAY),
      deliveryState: 'delivered',
      usedAt: new Date(invitedAt.getTime() + DAY),
      createdAt: invitedAt,
    });
    await tx.execute(sql`analyze`);
  });
}
