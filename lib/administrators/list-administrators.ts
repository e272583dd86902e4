import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { administrators, invitations, organizations } from '@/db/schema';
import type { AdminScope } from '@/lib/auth/scope';
import type { AdministratorRow } from './administrator-status';
import { manageableAdministrators } from './manageable';

export type { AdministratorRow } from './administrator-status';

/** More than any tenant has administrators; the page says so if it is ever reached. */
export const ADMINISTRATORS_LIST_LIMIT = 1000;

/** The Administrators page: every administrator the signed-in one may manage, by name. */
export async function listAdministrators(db: Db, admin: AdminScope): Promise<AdministratorRow[]> {
  const rows = await db
    .select({
      id: administrators.id,
      name: administrators.name,
      email: administrators.email,
      role: administrators.role,
      status: administrators.status,
      lastSignInAt: administrators.lastSignInAt,
      organizationName: organizations.name,
      organizationCode: organizations.code,
      expired: sql<boolean | null>`${invitations.expiresAt} <= now()`,
      deliveryState: invitations.deliveryState,
    })
    .from(administrators)
    .innerJoin(organizations, eq(organizations.id, administrators.organizationId))
    .leftJoin(invitations, and(eq(invitations.administratorId, administrators.id), isNull(invitations.supersededAt)))
    .where(manageableAdministrators(admin))
    .orderBy(sql`lower(${administrators.name})`, administrators.id)
    .limit(ADMINISTRATORS_LIST_LIMIT);
  return rows.map(({ status, expired, deliveryState, ...r }) => ({
    ...r,
    status: status === 'active' ? 'active' : expired ? 'expired' : 'invited',
    deliveryState: status === 'active' ? null : deliveryState,
    isSelf: r.id === admin.id,
  }));
}
