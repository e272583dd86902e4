import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { accounts, type Organization, organizations, type PermissionGroup, permissionGroups } from '@/db/schema';
import { type AdminScope, inScope } from '@/lib/auth/scope';

export interface PermissionGroupRow extends Pick<PermissionGroup, 'id' | 'name' | 'isDefault'> {
  /** Accounts that use the group; a group in use cannot be deleted. */
  accounts: number;
}

export interface OrganizationPermissionGroups {
  organization: Pick<Organization, 'id' | 'name' | 'code'>;
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
  const groups = await db
    .select({
      id: permissionGroups.id,
      name: permissionGroups.name,
      isDefault: permissionGroups.isDefault,
      accounts: db.$count(accounts, eq(accounts.permissionGroupId, permissionGroups.id)),
    })
    .from(permissionGroups)
    .where(eq(permissionGroups.organizationId, organization.id))
    .orderBy(desc(permissionGroups.isDefault), sql`lower(${permissionGroups.name})`);
  return { organization, groups };
}
