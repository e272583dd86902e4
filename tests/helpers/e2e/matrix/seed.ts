/**
 * The matrix's own records, added to its server's demo database before the server starts, and the
 * real records every call names. The victim is Acme › Support (2002) and its sub-organization Support
 * EMEA (2003): their accounts, numbers, User Permissions groups, an administrator, and the imports of
 * a Support administrator. Every role below is outside that subtree, or was inside it and should be
 * no longer:
 *
 * - Globex's owner (another tenant) and Sales's admin (Sales is Support's sibling) from the demo data;
 * - two administrators of Support added here, signed in before one is removed and the other's
 *   password is changed (the spec does both through the product).
 */
import { sql } from 'drizzle-orm';
import { openDatabase, queryRows } from '@/db/client';
import { hashPassword } from '@/lib/auth/password';
import type { E2eDatabase } from '../e2e-database';

export const MATRIX_ADMINS = {
  /** Removed by Acme's owner after signing in. */
  removed: { email: 'rita.removed@acme.test', name: 'Rita Removed', password: 'rita-removed-old-password' },
  /** Given a new password (Resend Invite → mailbox → set-password link) after signing in. */
  rotated: { email: 'roy.rotated@acme.test', name: 'Roy Rotated', password: 'roy-rotated-old-password' },
  /** The administrator the Administrators actions name: stays untouched. */
  victim: { email: 'vera.victim@acme.test', name: 'Vera Victim', password: 'vera-victim-password' },
} as const;

/** A non-default, unused group of Support: Delete and Set as default would work on it, in scope. */
const SPARE_GROUP = 'Support Night Shift';

export interface Victim {
  /** Acme Corp, the victim's tenant: its root organization's id and name. */
  tenantId: string;
  tenantName: string;
  organization: { id: string; name: string; code: string };
  subOrganization: { id: string; name: string; code: string };
  defaultGroup: { id: string; name: string };
  spareGroup: { id: string; name: string };
  subGroup: { id: string; name: string };
  /** Dennis Ritchie (Active, with a number) and Frances Allen (Pending, without). */
  accounts: { id: string; firstName: string; lastName: string; email: string; personalPhone: string | null }[];
  /** Support's numbers: the assigned one first, then the available ones. */
  numbers: { id: string; e164: string; available: boolean }[];
  administrator: { id: string; email: string; name: string };
  /** Staged (not committed) by the rotated administrator. */
  stagingImport: { id: string; fileName: string; rows: { firstName: string; lastName: string; email: string }[] };
  /** Committed by the rotated administrator, with one skipped row kept for "Download skipped rows". */
  committedImport: { id: string; fileName: string; rows: { firstName: string; lastName: string; email: string }[] };
}

/** Where a role could move things to: an organization of its own scope, and its default group. */
export interface Home {
  organizationId: string;
  permissionGroupId: string;
}

export interface MatrixData {
  victim: Victim;
  homes: { globex: Home; sales: Home; supportEmea: Home };
  /** By email: what a session cookie of that administrator carries (id, email, name, organization id). */
  claims: Record<string, string[]>;
}

export async function seedMatrixData(env: E2eDatabase['env']): Promise<MatrixData> {
  const handle = await openDatabase({ url: env.DATABASE_URL, pgliteDir: env.PGLITE_DIR, poolMax: 1 });
  try {
    const db = handle.db;
    const orgs = await queryRows<{ id: string; code: string; name: string; group_id: string; group_name: string }>(
      db,
      sql`select o.id, o.code, o.name, g.id as group_id, g.name as group_name
          from organizations o join permission_groups g on g.organization_id = o.id and g.is_default
          where o.code in ('2000', '2001', '2002', '2003', '3000')`,
    );
    const org = (code: string) => orgs.find((o) => o.code === code)!;
    const support = org('2002');
    const emea = org('2003');

    const [spare] = await queryRows<{ id: string }>(
      db,
      sql`insert into permission_groups (organization_id, name, is_default)
          values (${support.id}, ${SPARE_GROUP}, false) returning id`,
    );
    const ids: Record<keyof typeof MATRIX_ADMINS, string> = { removed: '', rotated: '', victim: '' };
    for (const [key, admin] of Object.entries(MATRIX_ADMINS) as [
      keyof typeof MATRIX_ADMINS,
      (typeof MATRIX_ADMINS)[keyof typeof MATRIX_ADMINS],
    ][]) {
      const [row] = await queryRows<{ id: string }>(
        db,
        sql`insert into administrators (email, name, role, organization_id, status, password_hash)
            values (${admin.email}, ${admin.name}, 'admin', ${support.id}, 'active', ${await hashPassword(admin.password)})
            returning id`,
      );
      ids[key] = row!.id;
    }

    const stagingRows = [{ firstName: 'Stella', lastName: 'Staged', email: 'stella.staged@acme.test' }];
    const committedRows = [{ firstName: 'Sid', lastName: 'Skipped', email: 'sid.skipped@@acme.test' }];
    const [staging] = await queryRows<{ id: string }>(
      db,
      sql`insert into import_batches (organization_id, permission_group_id, administrator_id, file_name, row_count)
          values (${support.id}, ${support.group_id}, ${ids.rotated}, 'support-new-hires.csv', 1) returning id`,
    );
    const [committed] = await queryRows<{ id: string }>(
      db,
      sql`insert into import_batches (organization_id, permission_group_id, administrator_id, file_name, row_count,
                                      status, imported_count, skipped_count, committed_at)
          values (${support.id}, ${support.group_id}, ${ids.rotated}, 'support-contractors.csv', 1,
                  'committed', 0, 1, now()) returning id`,
    );
    for (const row of stagingRows) {
      await db.execute(sql`insert into import_rows (import_id, line_number, first_name, last_name, email)
                           values (${staging!.id}, 2, ${row.firstName}, ${row.lastName}, ${row.email})`);
    }
    for (const row of committedRows) {
      await db.execute(sql`insert into import_rows (import_id, line_number, first_name, last_name, email, error)
                           values (${committed!.id}, 2, ${row.firstName}, ${row.lastName}, ${row.email}, 'invalid email')`);
    }

    const accounts = await queryRows<{
      id: string;
      first_name: string;
      last_name: string;
      email: string;
      personal_phone: string | null;
    }>(
      db,
      sql`select id, first_name, last_name, email, personal_phone from accounts
          where organization_id = ${support.id} order by status = 'active' desc, last_name`,
    );
    const numbers = await queryRows<{ id: string; e164: string; available: boolean }>(
      db,
      sql`select id, e164, account_id is null as available from phone_numbers
          where organization_id = ${support.id} order by account_id is null, e164`,
    );
    const [tenant] = await queryRows<{ id: string; name: string }>(
      db,
      sql`select id, name from organizations where code = '2000'`,
    );
    const administrators = await queryRows<{ id: string; email: string; name: string; organization_id: string }>(
      db,
      sql`select id, email, name, organization_id from administrators`,
    );
    if (accounts.length < 2 || numbers.length < 3 || !numbers[0] || numbers[0].available) {
      throw new Error('The demo data no longer has the Support records the authorization matrix names.');
    }

    return {
      victim: {
        tenantId: tenant!.id,
        tenantName: tenant!.name,
        organization: { id: support.id, name: support.name, code: support.code },
        subOrganization: { id: emea.id, name: emea.name, code: emea.code },
        defaultGroup: { id: support.group_id, name: support.group_name },
        spareGroup: { id: spare!.id, name: SPARE_GROUP },
        subGroup: { id: emea.group_id, name: emea.group_name },
        accounts: accounts.map((a) => ({
          id: a.id,
          firstName: a.first_name,
          lastName: a.last_name,
          email: a.email,
          personalPhone: a.personal_phone,
        })),
        numbers,
        administrator: { id: ids.victim, email: MATRIX_ADMINS.victim.email, name: MATRIX_ADMINS.victim.name },
        stagingImport: { id: staging!.id, fileName: 'support-new-hires.csv', rows: stagingRows },
        committedImport: { id: committed!.id, fileName: 'support-contractors.csv', rows: committedRows },
      },
      homes: {
        globex: { organizationId: org('3000').id, permissionGroupId: org('3000').group_id },
        sales: { organizationId: org('2001').id, permissionGroupId: org('2001').group_id },
        supportEmea: { organizationId: emea.id, permissionGroupId: emea.group_id },
      },
      claims: Object.fromEntries(administrators.map((a) => [a.email, [a.id, a.email, a.name, a.organization_id]])),
    };
  } finally {
    await handle.close();
  }
}

/**
 * Every string a response must not contain unless the request carried it: the victim's ids, names,
 * emails, numbers (as stored and as shown), personal phone, group names and import contents.
 */
export function secretsOf(victim: Victim): string[] {
  const national = (e164: string) => e164.replace(/^\+1(\d{3})(\d{3})(\d{4})$/, '$2-$3');
  return [
    victim.organization.id,
    `${victim.organization.name} (${victim.organization.code})`,
    victim.subOrganization.id,
    victim.subOrganization.name,
    victim.defaultGroup.id,
    victim.defaultGroup.name,
    victim.spareGroup.id,
    victim.spareGroup.name,
    victim.subGroup.id,
    victim.subGroup.name,
    ...victim.accounts.flatMap((a) => [
      a.id,
      a.firstName,
      a.lastName,
      a.email,
      ...(a.personalPhone ? [a.personalPhone.slice(2), national(a.personalPhone)] : []),
    ]),
    ...victim.numbers.flatMap((n) => [n.id, n.e164.slice(2), national(n.e164)]),
    victim.administrator.id,
    victim.administrator.email,
    victim.administrator.name,
    ...[victim.stagingImport, victim.committedImport].flatMap((i) => [
      i.id,
      i.fileName,
      ...i.rows.flatMap((r) => [r.firstName, r.lastName, r.email]),
    ]),
  ];
}
