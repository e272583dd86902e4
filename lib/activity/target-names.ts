import { and, type SQL, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { accounts, administrators, organizations, permissionGroups, phoneNumbers } from '@/db/schema';
import { pgArray } from '@/db/sql-helpers';
import { type AdminScope, inScope } from '@/lib/auth/scope';
import { formatPhone } from '@/lib/phone';

export interface NamedTarget {
  label: string;
  /** The Accounts page filtered to this account, while it exists and is in scope. */
  href?: string;
}

/** The kinds of record an audit event's targets can be named from. */
export type TargetKind = 'account' | 'administrator' | 'organization' | 'number' | 'permission_group';

export function targetKindOf(targetType: string): TargetKind | null {
  switch (targetType) {
    case 'account':
    case 'administrator':
    case 'organization':
    case 'permission_group':
      return targetType;
    case 'number':
    case 'phone_number':
      return 'number';
    default:
      return null;
  }
}

/** The key of a named record in the map nameTargets fills. */
export const targetKey = (kind: TargetKind, id: string) => `${kind}:${id.toLowerCase()}`;

type Lookup = (db: Db, admin: AdminScope, ids: SQL) => Promise<[id: string, target: NamedTarget][]>;

/** One query per kind of record, each restricted to the administrator's scope. */
const LOOKUPS: Record<TargetKind, Lookup> = {
  account: async (db, admin, ids) => {
    const rows = await db
      .select({
        id: accounts.id,
        firstName: accounts.firstName,
        lastName: accounts.lastName,
        username: sql<string>`coalesce(${accounts.email}, ${accounts.deviceNumber})`,
      })
      .from(accounts)
      .where(and(sql`${accounts.id} = any(${ids})`, inScope(admin, accounts.organizationId)));
    return rows.map((r) => [
      r.id,
      { label: `${r.firstName} ${r.lastName}`, href: `/accounts?q=${encodeURIComponent(r.username)}` },
    ]);
  },
  administrator: async (db, admin, ids) => {
    const rows = await db
      .select({ id: administrators.id, name: administrators.name, email: administrators.email })
      .from(administrators)
      .where(and(sql`${administrators.id} = any(${ids})`, inScope(admin, administrators.organizationId)));
    return rows.map((r) => [r.id, { label: `${r.name} (${r.email})` }]);
  },
  organization: async (db, admin, ids) => {
    const rows = await db
      .select({ id: organizations.id, name: organizations.name, code: organizations.code })
      .from(organizations)
      .where(and(sql`${organizations.id} = any(${ids})`, inScope(admin, organizations.id)));
    return rows.map((r) => [r.id, { label: `${r.name} (${r.code})`, href: `/accounts?org=${r.id}` }]);
  },
  number: async (db, admin, ids) => {
    const rows = await db
      .select({ id: phoneNumbers.id, e164: phoneNumbers.e164 })
      .from(phoneNumbers)
      .where(and(sql`${phoneNumbers.id} = any(${ids})`, inScope(admin, phoneNumbers.organizationId)));
    return rows.map((r) => [r.id, { label: formatPhone(r.e164) ?? r.e164 }]);
  },
  permission_group: async (db, admin, ids) => {
    const rows = await db
      .select({ id: permissionGroups.id, name: permissionGroups.name })
      .from(permissionGroups)
      .where(and(sql`${permissionGroups.id} = any(${ids})`, inScope(admin, permissionGroups.organizationId)));
    return rows.map((r) => [r.id, { label: r.name }]);
  },
};

/**
 * Names the records of each kind, one query per kind for the whole page. A record that has since been
 * deleted or moved out of scope is simply not found, never revealed. Keyed by targetKey.
 */
export async function nameTargets(
  db: Db,
  admin: AdminScope,
  wanted: Map<TargetKind, Set<string>>,
): Promise<Map<string, NamedTarget>> {
  const names = new Map<string, NamedTarget>();
  await Promise.all(
    [...wanted].map(async ([kind, ids]) => {
      if (ids.size === 0) return;
      for (const [id, target] of await LOOKUPS[kind](db, admin, sql`${pgArray([...ids])}::uuid[]`)) {
        names.set(targetKey(kind, id), target);
      }
    }),
  );
  return names;
}
