import { eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { accounts, permissionGroups } from '@/db/schema';
import { recordAuditEvent, type RequestMeta } from '@/lib/audit/record-audit-event';
import type { AdminScope } from '@/lib/auth/scope';
import { UserFacingError } from '@/lib/errors';
import { isForeignKeyViolation } from '@/db/errors';
import { lockPermissionGroupInScope } from '@/lib/permission-groups/find-permission-group';

export const defaultGroupMessage = (name: string) =>
  `Unable to delete “${name}”: it is the organization’s default group. Set another group as the default first.`;
export const groupInUseMessage = (name: string, accounts: number) =>
  `Unable to delete “${name}”: ${accounts} ${accounts === 1 ? 'account uses' : 'accounts use'} it. A group in use cannot be deleted.`;
export const groupReferencedMessage = (name: string) =>
  `Unable to delete “${name}”: it is in use (by an account or an import) and cannot be deleted.`;

/**
 * Deletes a group of an organization in scope, only when it is not the default and no account uses
 * it. The group row is locked first, so an account being added with it meanwhile either commits
 * before (and the count sees it) or waits and then fails on the deleted group.
 */
export async function deletePermissionGroup(
  db: Db,
  admin: AdminScope,
  meta: RequestMeta,
  groupId: string,
): Promise<{ id: string; name: string }> {
  let name = '';
  try {
    return await db.transaction(async (tx) => {
      const group = await lockPermissionGroupInScope(tx, admin, groupId);
      name = group.name;
      if (group.isDefault) throw new UserFacingError(defaultGroupMessage(group.name));
      const users = await tx.$count(accounts, eq(accounts.permissionGroupId, group.id));
      if (users > 0) throw new UserFacingError(groupInUseMessage(group.name, users));
      await tx.delete(permissionGroups).where(eq(permissionGroups.id, group.id));
      await recordAuditEvent(tx, admin, meta, {
        action: 'permission_group.delete',
        targetType: 'permission_group',
        targetIds: [group.id],
        organizationId: group.organizationId,
        details: { name: group.name },
      });
      return { id: group.id, name: group.name };
    });
  } catch (error) {
    // An import batch (staged or past) still names the group.
    if (isForeignKeyViolation(error)) throw new UserFacingError(groupReferencedMessage(name));
    throw error;
  }
}
