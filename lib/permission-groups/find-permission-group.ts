import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '@/db/client';
import { type AdminScope, inScope } from '@/lib/auth/scope';
import { invalid, UserFacingError } from '@/lib/errors';

export const GROUP_NOT_FOUND = 'The group was not found.';
export const GROUP_NAME_TAKEN = 'This organization already has a group with this name.';

export interface ScopedPermissionGroup {
  id: string;
  name: string;
  isDefault: boolean;
  organizationId: string;
}

/**
 * A group whose organization is in scope, row-locked for the rest of the transaction; anything else
 * (another tenant's group, a sibling organization's, a made-up id) is "not found".
 */
export async function lockPermissionGroupInScope(
  tx: Db,
  admin: AdminScope,
  groupId: string,
): Promise<ScopedPermissionGroup> {
  const [group] = await queryRows<{ id: string; name: string; is_default: boolean; organization_id: string }>(
    tx,
    sql`select g.id, g.name, g.is_default, g.organization_id from permission_groups g
        where g.id = ${groupId} and ${inScope(admin, sql`g.organization_id`)}
        for update`,
  );
  if (!group) throw new UserFacingError(GROUP_NOT_FOUND);
  return { id: group.id, name: group.name, isDefault: group.is_default, organizationId: group.organization_id };
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
  const rows = await queryRows<{ id: string; name: string; is_default: boolean; organization_id: string }>(
    tx,
    sql`select g.id, g.name, g.is_default, g.organization_id from permission_groups g
        where g.organization_id = (select organization_id from permission_groups where id = ${groupId})
          and ${inScope(admin, sql`g.organization_id`)}
        order by g.id for update`,
  );
  const groups = rows.map((r) => ({
    id: r.id,
    name: r.name,
    isDefault: r.is_default,
    organizationId: r.organization_id,
  }));
  const group = groups.find((g) => g.id === groupId);
  if (!group) throw new UserFacingError(GROUP_NOT_FOUND);
  return { group, groups };
}

/** Throws the field error when another group of the organization has this name (in any case). */
export async function requireFreeGroupName(tx: Db, organizationId: string, name: string, exceptId?: string) {
  const [taken] = await queryRows<{ id: string }>(
    tx,
    sql`select id from permission_groups where organization_id = ${organizationId} and lower(name) = lower(${name})
        ${exceptId ? sql`and id <> ${exceptId}` : sql``}`,
  );
  if (taken) throw invalid({ name: [GROUP_NAME_TAKEN] });
}
