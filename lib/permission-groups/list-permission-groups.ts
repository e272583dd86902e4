import { and, eq, sql } from 'drizzle-orm';
import { type Db, queryRows } from '@/db/client';
import { organizations } from '@/db/schema';
import { type AdminScope, inScope } from '@/lib/auth/scope';

export interface PermissionGroupRow {
  id: string;
  name: string;
  isDefault: boolean;
  /** Accounts that use the group; a group in use cannot be deleted. */
  accounts: number;
}

export interface OrganizationPermissionGroups {
  organization: { id: string; name: string; code: string };
  groups: PermissionGroupRow[];
}

/** The User Permissions groups of one organization in scope (the default first), or null when it is not in scope. */
export async function listPermissionGroups(
  db: Db,
  admin: AdminScope,
  organizationId: string,
): Promise<OrganizationPermissionGroups | null> {
  const [organization] = await db
    .select({ id: organizations.id, name: organizations.name, code: organizations.code })
    .from(organizations)
    .where(and(eq(organizations.id, organizationId), inScope(admin, organizations.id)));
  if (!organization) return null;
  const rows = await queryRows<{ id: string; name: string; is_default: boolean; accounts: number }>(
    db,
    sql`select g.id, g.name, g.is_default,
          (select count(*)::int from accounts a where a.permission_group_id = g.id) as accounts
        from permission_groups g
        where g.organization_id = ${organization.id}
        order by g.is_default desc, lower(g.name)`,
  );
  return {
    organization,
    groups: rows.map((r) => ({ id: r.id, name: r.name, isDefault: r.is_default, accounts: Number(r.accounts) })),
  };
}
