import { and, eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { permissionGroups } from '@/db/schema';
import { recordAuditEvent, type RequestMeta } from '@/lib/audit/record-audit-event';
import type { AdminScope } from '@/lib/auth/scope';
import { lockOrganizationGroupsInScope } from '@/lib/permission-groups/find-permission-group';

/**
 * Makes a group its organization's default (preselected in Add Account, Move and the import), in one
 * transaction: the organization's groups are locked, the old default unset, then the new one set (in
 * that order: the partial unique index allows one default at every moment). Accounts keep their groups.
 */
export async function setDefaultPermissionGroup(
  db: Db,
  admin: AdminScope,
  meta: RequestMeta,
  groupId: string,
): Promise<{ id: string; name: string; changed: boolean }> {
  return db.transaction(async (tx) => {
    const { group, groups } = await lockOrganizationGroupsInScope(tx, admin, groupId);
    if (group.isDefault) return { id: group.id, name: group.name, changed: false };
    const previous = groups.filter((g) => g.isDefault);
    await tx
      .update(permissionGroups)
      .set({ isDefault: false })
      .where(and(eq(permissionGroups.organizationId, group.organizationId), eq(permissionGroups.isDefault, true)));
    await tx.update(permissionGroups).set({ isDefault: true }).where(eq(permissionGroups.id, group.id));
    await recordAuditEvent(tx, admin, meta, {
      action: 'permission_group.set_default',
      targetType: 'permission_group',
      targetIds: [group.id],
      organizationId: group.organizationId,
      details: { name: group.name, previousDefault: previous.map((g) => ({ id: g.id, name: g.name })) },
    });
    return { id: group.id, name: group.name, changed: true };
  });
}
