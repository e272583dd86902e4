import { and, eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { organizations } from '@/db/schema';
import { recordAuditEvent, type RequestMeta } from '@/lib/audit/record-audit-event';
import { type AdminScope, inScope } from '@/lib/auth/scope';
import { UserFacingError } from '@/lib/errors';
import { ORGANIZATION_NOT_FOUND } from '@/lib/organizations/rename-organization';
import type { SingleUseChoice } from '@/lib/organizations/organization-schemas';
import {
  resolveSingleUseInvitations,
  singleUseChoiceOf,
  singleUseValueOf,
} from '@/lib/organizations/single-use-invitations';

export interface SingleUseChange {
  id: string;
  name: string;
  from: SingleUseChoice;
  to: SingleUseChoice;
  /** What applies to the organization afterwards (its own value, or the inherited one). */
  effective: boolean;
  changed: boolean;
}

/**
 * Sets an organization's single-use invitations: On, Off, or Inherit (its parent's). Any organization
 * in the administrator's scope, their own included: the setting only reaches the organization and the
 * sub-organizations that inherit it, all in that scope. It applies to invitations sent from now on;
 * those already sent keep the rule they were sent with. Audited with the old and new values.
 */
export async function setSingleUseInvitations(
  db: Db,
  admin: AdminScope,
  meta: RequestMeta,
  input: { organizationId: string; singleUse: SingleUseChoice },
): Promise<SingleUseChange> {
  return db.transaction(async (tx) => {
    const [org] = await tx
      .select({ id: organizations.id, name: organizations.name, own: organizations.singleUseInvitations })
      .from(organizations)
      .where(and(eq(organizations.id, input.organizationId), inScope(admin, organizations.id)))
      .for('update');
    if (!org) throw new UserFacingError(ORGANIZATION_NOT_FOUND);
    const from = singleUseChoiceOf(org.own);
    const to = input.singleUse;
    if (from !== to) {
      await tx
        .update(organizations)
        .set({ singleUseInvitations: singleUseValueOf(to) })
        .where(eq(organizations.id, org.id));
      await recordAuditEvent(tx, admin, meta, {
        action: 'organization.single_use_invitations',
        targetType: 'organization',
        targetIds: [org.id],
        organizationId: org.id,
        details: { from, to },
      });
    }
    const effective = (await resolveSingleUseInvitations(tx, [org.id])).get(org.id)!.effective;
    return { id: org.id, name: org.name, from, to, effective, changed: from !== to };
  });
}
