import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '@/db/client';
import type { AdminScope } from '@/lib/auth/scope';
import type { AdminRole } from './administrator-schemas';
import type { AdministratorRow } from './administrator-status';
import { manageableAdministrators } from './manageable';

export type { AdministratorRow } from './administrator-status';

/** More than any tenant has administrators; the page says so if it is ever reached. */
export const ADMINISTRATORS_LIST_LIMIT = 1000;

/** The Administrators page: every administrator the signed-in one may manage, by name. */
export async function listAdministrators(db: Db, admin: AdminScope): Promise<AdministratorRow[]> {
  const rows = await queryRows<{
    id: string;
    name: string;
    email: string;
    role: AdminRole;
    status: 'active' | 'invited';
    last_sign_in_at: string | Date | null;
    organization_name: string;
    organization_code: string;
    expired: boolean | null;
    delivery_state: string | null;
  }>(
    db,
    sql`select a.id, a.name, a.email, a.role, a.status, a.last_sign_in_at,
               o.name as organization_name, o.code as organization_code,
               i.expires_at <= now() as expired, i.delivery_state
        from administrators a
        join organizations o on o.id = a.organization_id
        left join invitations i on i.administrator_id = a.id and i.superseded_at is null
        where ${manageableAdministrators(admin)}
        order by lower(a.name), a.id
        limit ${ADMINISTRATORS_LIST_LIMIT}`,
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    email: r.email,
    role: r.role,
    organizationName: r.organization_name,
    organizationCode: r.organization_code,
    status: r.status === 'active' ? 'active' : r.expired ? 'expired' : 'invited',
    deliveryState: r.status === 'active' ? null : r.delivery_state,
    lastSignInAt: r.last_sign_in_at ? new Date(r.last_sign_in_at) : null,
    isSelf: r.id === admin.id,
  }));
}
