import { sql, type SQL } from 'drizzle-orm';
import { type AdminScope, inScope } from '@/lib/auth/scope';

/**
 * The administrators `admin` may see and change, as a condition on the `administrators` row aliased
 * `a`: those attached to an organization in their subtree (their own organization included, so an
 * admin manages the admins they can add), and owners only for an owner. An admin can therefore never
 * touch an owner, even one attached to the root they happen to administer too. Anything else is
 * "not found".
 */
export function manageableAdministrators(admin: Pick<AdminScope, 'scopePath' | 'role'>): SQL {
  return admin.role === 'owner'
    ? inScope(admin, sql`a.organization_id`)
    : sql`${inScope(admin, sql`a.organization_id`)} and a.role = 'admin'`;
}
