import { and, eq, ne, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '@/db/client';
import { type PermissionGroup, permissionGroups } from '@/db/schema';
import { type AdminScope, inScope } from '@/lib/auth/scope';
import { invalid, UserFacingError } from '@/lib/errors';

export const GROUP_NOT_FOUND = 'The group was not found.';
export const GROUP_NAME_TAKEN = 'This organization already has a group with this name.';

export type ScopedPermissionGroup = Pick<PermissionGroup, 'id' | 'name' | 'isDefault' | 'organizationId'>;

const scopedGroupFields = {
  id: permissionGroups.id,
  name: permissionGroups.name,
  isDefault: permissionGroups.isDefault,
  organizationId: permissionGroups.organizationId,
};

/**
 * A group whose organization is in scope, row-locked for the rest of the transaction; anything else
 * (another tenant's group, a sibling organization's, a made-up id) is "not found".
 */
export async function lockPermissionGroupInScope(
  tx: Db,
  admin: AdminScope,
  groupId: string,
): Promise<ScopedPermissionGroup> {
  const [group] = await tx
    .select(scopedGroupFields)
    .from(permissionGroups)
    .where(and(eq(permissionGroups.id, groupId), inScope(admin, permissionGroups.organizationId)))
    .for('update');
  if (!group) throw new UserFacingError(GROUP_NOT_FOUND);
  return group;
}

/**
 * Every group of the organization of `groupId` (in scope), row-locked in id order, so that two
 * changes of one organization's default queue up instead of deadlocking; null when not found.
 */
export async function lockOrganizationGroupsInScope(
  tx: Db,
  admin: AdminScope,
  groupId: string,
): Promise<{ group: ScopedPermissionGroup; groups: ScopedPermissionGroup[] }> {
  const ofGroup = alias(permissionGroups, 'of_group');
  const groups = await tx
    .select(scopedGroupFields)
    .from(permissionGroups)
    .where(
      and(
        eq(
          permissionGroups.organizationId,
          tx.select({ organizationId: ofGroup.organizationId }).from(ofGroup).where(eq(ofGroup.id, groupId)),
        ),
        inScope(admin, permissionGroups.organizationId),
      ),
    )
    .orderBy(permissionGroups.id)
    .for('update');
  const group = groups.find((g) => g.id === groupId);
  if (!group) throw new UserFacingError(GROUP_NOT_FOUND);
  return { group, groups };
}

/** Throws the field error when another group of the organization has this name (in any case). */
export async function requireFreeGroupName(tx: Db, organizationId: string, name: string, exceptId?: string) {
  const [taken] = await tx
    .select({ id: permissionGroups.id })
    .from(permissionGroups)
    .where(
      and(
        eq(permissionGroups.organizationId, organizationId),
        sql`lower(${permissionGroups.name}) = lower(${name})`,
        exceptId ? ne(permissionGroups.id, exceptId) : undefined,
      ),
    );
  if (taken) throw invalid({ name: [GROUP_NAME_TAKEN] });
}
