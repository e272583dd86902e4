import { type SQL, sql } from 'drizzle-orm';
import { auditEvents } from '@/db/schema';
import { type AdminScope, inScope } from '@/lib/auth/scope';

/** An administrator whose organization is the tenant's root sees every event of the tenant. */
export function hasTenantWideScope(admin: Pick<AdminScope, 'organizationId' | 'tenantId'>): boolean {
  return admin.organizationId === admin.tenantId;
}

/**
 * The audit events an administrator may read. Never another tenant's. An owner (or any administrator
 * of the root) reads every event of the tenant. An administrator of a sub-organization reads the events
 * recorded against an organization of their subtree, and, of the events recorded against no
 * organization (a tenant-level event, or one written before its action recorded its organization),
 * only their own: such an event may concern any part of the tenant, so it is not shown to the others.
 */
export function activityInScope(admin: AdminScope): SQL {
  const tenant = sql`${auditEvents.tenantId} = ${admin.tenantId}`;
  if (hasTenantWideScope(admin)) return tenant;
  return sql`(${tenant} and (${inScope(admin, auditEvents.organizationId)}
    or (${auditEvents.organizationId} is null and ${auditEvents.actorAdminId} = ${admin.id})))`;
}
