import { clientAddress } from '@/lib/client-address';
import type { Db } from '@/db/client';
import { auditEvents } from '@/db/schema';
import type { AdminScope } from '@/lib/auth/scope';

export interface RequestMeta {
  ipAddress: string | null;
  userAgent: string | null;
}

/** Who a request came from, as an audit event records it. */
export function requestMetaFrom(headers: Headers): RequestMeta {
  return { ipAddress: clientAddress(headers), userAgent: headers.get('user-agent')?.slice(0, 500) ?? null };
}

export interface AuditEventInput {
  action: string;
  targetType: string;
  targetIds: string[];
  organizationId?: string | null;
  details?: Record<string, unknown>;
}

/**
 * Who acted: an administrator, or (for an invited user's activation) no administrator, only the tenant
 * the event belongs to.
 */
export type AuditActor = Pick<AdminScope, 'tenantId'> & Partial<Pick<AdminScope, 'id' | 'email'>>;

/** Writes one audit event; call it inside the transaction of the change it records. */
export async function recordAuditEvent(db: Db, actor: AuditActor, meta: RequestMeta, event: AuditEventInput) {
  await db.insert(auditEvents).values({
    tenantId: actor.tenantId,
    organizationId: event.organizationId ?? null,
    actorAdminId: actor.id ?? null,
    actorEmail: actor.email ?? null,
    action: event.action,
    targetType: event.targetType,
    targetIds: event.targetIds,
    details: event.details ?? {},
    ipAddress: meta.ipAddress,
    userAgent: meta.userAgent,
  });
}
