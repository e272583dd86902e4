import { eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { permissionGroups } from '@/db/schema';
import { recordAuditEvent, type RequestMeta } from '@/lib/audit/record-audit-event';
import type { AdminScope } from '@/lib/auth/scope';
import { invalid } from '@/lib/errors';
import { isUniqueViolation } from '@/db/errors';
import {
  GROUP_NAME_TAKEN,
  lockPermissionGroupInScope,
  requireFreeGroupName,
} from '@/lib/permission-groups/find-permission-group';

/** Renames a group of an organization in scope; accounts keep it (they refer to it by id). */
export async function renamePermissionGroup(
  db: Db,
  admin: AdminScope,
  meta: RequestMeta,
  input: { groupId: string; name: string },
): Promise<{ id: string; name: string; previousName: string }> {
  try {
    return await db.transaction(async (tx) => {
      const group = await lockPermissionGroupInScope(tx, admin, input.groupId);
      await requireFreeGroupName(tx, group.organizationId, input.name, group.id);
      await tx.update(permissionGroups).set({ name: input.name }).where(eq(permissionGroups.id, group.id));
      await recordAuditEvent(tx, admin, meta, {
        action: 'permission_group.rename',
        targetType: 'permission_group',
        targetIds: [group.id],
        organizationId: group.organizationId,
        details: { from: group.name, to: input.name },
      });
      return { id: group.id, name: input.name, previousName: group.name };
    });
  } catch (error) {
    if (isUniqueViolation(error, 'permission_groups_name_key')) {
      throw invalid({ name: [GROUP_NAME_TAKEN] });
    }
    throw error;
  }
}
