import { and, eq, type SQL } from 'drizzle-orm';
import { administrators } from '@/db/schema';
import { type AdminScope, inScope } from '@/lib/auth/scope';

/**
 * The administrators `admin` may see and change, as a condition on the `administrators` row of the
 * query: those attached to an organization in their subtree (their own organization included, so an
 * admin manages the admins they can add), and owners only for an owner. An admin can therefore never
 * touch an owner, even one attached to the root they happen to administer too. Anything else is
 * "not found".
 */
export function manageableAdministrators(admin: Pick<AdminScope, 'scopePath' | 'role'>): SQL {
  const inSubtree = inScope(admin, administrators.organizationId);
  return admin.role === 'owner' ? inSubtree : and(inSubtree, eq(administrators.role, 'admin'))!;
}
