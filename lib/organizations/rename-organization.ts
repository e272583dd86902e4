import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { organizations } from '@/db/schema';
import { recordAuditEvent, type RequestMeta } from '@/lib/audit/record-audit-event';
import { type AdminScope, inScope } from '@/lib/auth/scope';
import { invalid, UserFacingError } from '@/lib/errors';
import { lockTenantOrganizations, NAME_TAKEN } from '@/lib/organizations/create-organization';
import { isUniqueViolation } from '@/db/errors';
import { invalidateFilterOptions } from '@/lib/organizations/list-organizations';

export const ORGANIZATION_NOT_FOUND = 'The organization was not found.';
export const OWN_ORGANIZATION =
  'Your own organization is renamed by an administrator of the organization above it, or by an owner.';

/**
 * Renames an organization in scope. An administrator's own organization marks the edge of their
 * scope and is named from above, so only an owner may rename theirs (the root). The code, and with
 * it the default group's name, stays as it is. Audit event in the same transaction.
 */
export async function renameOrganization(
  db: Db,
  admin: AdminScope,
  meta: RequestMeta,
  input: { organizationId: string; name: string },
): Promise<{ id: string; name: string; previousName: string }> {
  let renamed: { id: string; name: string; previousName: string };
  try {
    renamed = await db.transaction(async (tx) => {
      const [org] = await tx
        .select({
          id: organizations.id,
          name: organizations.name,
          parentId: organizations.parentId,
          tenantId: organizations.tenantId,
        })
        .from(organizations)
        .where(and(eq(organizations.id, input.organizationId), inScope(admin, organizations.id)));
      if (!org) throw new UserFacingError(ORGANIZATION_NOT_FOUND);
      if (org.id === admin.organizationId && admin.role !== 'owner') throw new UserFacingError(OWN_ORGANIZATION);

      await lockTenantOrganizations(tx, org.tenantId);
      const [nameTaken] = await tx
        .select({ id: organizations.id })
        .from(organizations)
        .where(
          sql`${organizations.tenantId} = ${org.tenantId} and ${organizations.parentId} is not distinct from ${org.parentId}
              and lower(${organizations.name}) = lower(${input.name}) and ${organizations.id} <> ${org.id}`,
        );
      if (nameTaken) throw invalid({ name: [NAME_TAKEN] });

      await tx.update(organizations).set({ name: input.name }).where(eq(organizations.id, org.id));
      await recordAuditEvent(tx, admin, meta, {
        action: 'organization.rename',
        targetType: 'organization',
        targetIds: [org.id],
        organizationId: org.id,
        details: { from: org.name, to: input.name },
      });
      return { id: org.id, name: input.name, previousName: org.name };
    });
  } catch (error) {
    if (isUniqueViolation(error, 'organizations_sibling_name_key')) {
      throw invalid({ name: [NAME_TAKEN] });
    }
    throw error;
  }
  invalidateFilterOptions(db);
  return renamed;
}
