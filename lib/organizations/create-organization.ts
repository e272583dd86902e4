import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { accountCounts, type Organization, organizations, permissionGroups } from '@/db/schema';
import { recordAuditEvent, type RequestMeta } from '@/lib/audit/record-audit-event';
import { type AdminScope, inScope } from '@/lib/auth/scope';
import { invalid } from '@/lib/errors';
import { isUniqueViolation } from '@/db/errors';
import { invalidateFilterOptions } from '@/lib/organizations/list-organizations';
import type { CreateOrganizationValues } from '@/lib/organizations/organization-schemas';

export const CODE_TAKEN = 'This code is already used by an organization of your company.';
export const NAME_TAKEN = 'An organization with this name already exists at this level.';

/**
 * The default User Permissions group every organization is created with (named as in docs/product.md#domain).
 */
export const defaultGroupName = (code: string) => `default cos for org ${code}`;

/**
 * Serializes changes to a tenant's organization names and codes, so that the case-insensitive code
 * check cannot race (the unique index compares codes exactly). An advisory lock, not a row lock on the
 * root: Add Account locks organization rows for headroom and must not wait for this.
 */
export async function lockTenantOrganizations(tx: Db, tenantId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`organizations:${tenantId}`}))`);
}

/**
 * Throws the field error when the tenant has an organization with this code, or the parent a child
 * with this name (either in any case). Call with the tenant's organizations locked.
 */
async function requireFreeCodeAndName(
  tx: Db,
  parent: Pick<Organization, 'id' | 'tenantId'>,
  input: Pick<CreateOrganizationValues, 'code' | 'name'>,
): Promise<void> {
  const [codeTaken] = await tx
    .select({ id: organizations.id })
    .from(organizations)
    .where(and(eq(organizations.tenantId, parent.tenantId), sql`lower(${organizations.code}) = lower(${input.code})`));
  if (codeTaken) throw invalid({ code: [CODE_TAKEN] });
  const [nameTaken] = await tx
    .select({ id: organizations.id })
    .from(organizations)
    .where(and(eq(organizations.parentId, parent.id), sql`lower(${organizations.name}) = lower(${input.name})`));
  if (nameTaken) throw invalid({ name: [NAME_TAKEN] });
}

export interface CreatedOrganization {
  id: string;
  name: string;
  code: string;
  permissionGroupId: string;
}

/**
 * Creates a sub-organization under a parent in scope, in one transaction with its default User
 * Permissions group ("default cos for org <code>"), its account counter row, and the audit event.
 * A parent outside scope is reported exactly like one that does not exist.
 */
export async function createOrganization(
  db: Db,
  admin: AdminScope,
  meta: RequestMeta,
  input: CreateOrganizationValues,
): Promise<CreatedOrganization> {
  let created: CreatedOrganization;
  try {
    created = await db.transaction(async (tx) => {
      const [parent] = await tx
        .select({
          id: organizations.id,
          tenantId: organizations.tenantId,
          path: organizations.path,
          depth: organizations.depth,
        })
        .from(organizations)
        .where(and(eq(organizations.id, input.parentId), inScope(admin, organizations.id)));
      if (!parent) throw invalid({ parentId: ['Choose the parent organization.'] });

      await lockTenantOrganizations(tx, parent.tenantId);
      await requireFreeCodeAndName(tx, parent, input);

      const id = crypto.randomUUID();
      await tx.insert(organizations).values({
        id,
        tenantId: parent.tenantId,
        parentId: parent.id,
        code: input.code,
        name: input.name,
        path: `${parent.path}${id}/`,
        depth: parent.depth + 1,
      });
      const [group] = await tx
        .insert(permissionGroups)
        .values({ organizationId: id, name: defaultGroupName(input.code), isDefault: true })
        .returning({ id: permissionGroups.id });
      // The counter triggers would add the row on the first account anyway; with it in place from the
      // start, the organization's writers serialize on an existing row (docs/decisions.md, 28).
      await tx.insert(accountCounts).values({ organizationId: id, total: 0 }).onConflictDoNothing();
      await recordAuditEvent(tx, admin, meta, {
        action: 'organization.create',
        targetType: 'organization',
        targetIds: [id],
        organizationId: id,
        details: { name: input.name, code: input.code, parentId: parent.id, permissionGroupId: group!.id },
      });
      return { id, name: input.name, code: input.code, permissionGroupId: group!.id };
    });
  } catch (error) {
    // Only if someone wrote to the table without the lock (a script): the indexes still hold.
    if (isUniqueViolation(error, 'organizations_tenant_code_key')) {
      throw invalid({ code: [CODE_TAKEN] });
    }
    if (isUniqueViolation(error, 'organizations_sibling_name_key')) {
      throw invalid({ name: [NAME_TAKEN] });
    }
    throw error;
  }
  invalidateFilterOptions(db);
  return created;
}
