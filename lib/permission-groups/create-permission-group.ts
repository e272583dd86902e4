import { and, eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { organizations, permissionGroups } from '@/db/schema';
import { recordAuditEvent, type RequestMeta } from '@/lib/audit/record-audit-event';
import { type AdminScope, inScope } from '@/lib/auth/scope';
import { invalid, UserFacingError } from '@/lib/errors';
import { isUniqueViolation } from '@/db/errors';
import { GROUP_NAME_TAKEN, requireFreeGroupName } from '@/lib/permission-groups/find-permission-group';

/** Adds a User Permissions group (not the default) to an organization in scope; audit event in the same transaction. */
export async function createPermissionGroup(
  db: Db,
  admin: AdminScope,
  meta: RequestMeta,
  input: { organizationId: string; name: string },
): Promise<{ id: string; name: string }> {
  try {
    return await db.transaction(async (tx) => {
      const [org] = await tx
        .select({ id: organizations.id })
        .from(organizations)
        .where(and(eq(organizations.id, input.organizationId), inScope(admin, organizations.id)));
      if (!org) throw new UserFacingError('The organization was not found.');
      await requireFreeGroupName(tx, org.id, input.name);
      const [group] = await tx
        .insert(permissionGroups)
        .values({ organizationId: org.id, name: input.name, isDefault: false })
        .returning({ id: permissionGroups.id });
      await recordAuditEvent(tx, admin, meta, {
        action: 'permission_group.create',
        targetType: 'permission_group',
        targetIds: [group!.id],
        organizationId: org.id,
        details: { name: input.name },
      });
      return { id: group!.id, name: input.name };
    });
  } catch (error) {
    // Another administrator added the same name a moment ago.
    if (isUniqueViolation(error, 'permission_groups_name_key')) {
      throw invalid({ name: [GROUP_NAME_TAKEN] });
    }
    throw error;
  }
}
