import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { administrators, organizations } from '@/db/schema';
import { recordAuditEvent, type RequestMeta } from '@/lib/audit/record-audit-event';
import { type AdminScope, inScope } from '@/lib/auth/scope';
import { invalid } from '@/lib/errors';
import { countExistenceChecks } from '@/lib/tenant-limits';
import { type AddAdministratorInput, addAdministratorSchema } from './administrator-schemas';
import { issueAdministratorInvitations } from './issue-administrator-invitations';
import { isUniqueViolation } from '@/db/errors';

export const DUPLICATE_ADMINISTRATOR = 'An administrator with this email already exists.';

export interface AddedAdministrator {
  administratorId: string;
  invitationId: string;
}

/**
 * Add Administrator: creates an invited administrator (no password yet) and queues the invitation
 * with its set-password link, in one transaction. An administrator never grants more than they have:
 * an admin adds admins in their subtree only; an owner adds admins anywhere in the tenant, and owners,
 * who always belong to the tenant's root organization. The email is unique platform-wide; a duplicate
 * is a field error that says nothing of where the other administrator is, and asking is an existence
 * check counted against the tenant's daily limit before the answer (lib/tenant-limits.ts).
 */
export async function addAdministrator(
  db: Db,
  admin: AdminScope,
  meta: RequestMeta,
  form: AddAdministratorInput,
  options: { baseUrl: string },
): Promise<AddedAdministrator> {
  const parsed = addAdministratorSchema.safeParse(form);
  if (!parsed.success) {
    throw invalid(z.flattenError(parsed.error).fieldErrors);
  }
  const input = parsed.data;
  if (input.role === 'owner' && admin.role !== 'owner') {
    throw invalid({ role: ['Only an owner can add an owner.'] });
  }

  const [organization] = await db
    .select({ id: organizations.id, parentId: organizations.parentId })
    .from(organizations)
    .where(and(eq(organizations.id, input.organizationId), inScope(admin, organizations.id)));
  if (!organization) throw invalid({ organizationId: ['Choose an organization.'] });
  if (input.role === 'owner' && organization.parentId !== null) {
    throw invalid({
      organizationId: ['An owner manages the whole tenant: choose the top organization.'],
    });
  }
  // Counted outside the transaction, before the email is looked up: the answer is given even if the
  // transaction then rolls back.
  await countExistenceChecks(db, admin.tenantId, 1);

  try {
    return await db.transaction(async (tx) => {
      const [existing] = await tx
        .select({ id: administrators.id })
        .from(administrators)
        .where(sql`lower(${administrators.email}) = ${input.email}`);
      if (existing) throw invalid({ email: [DUPLICATE_ADMINISTRATOR] });

      const [created] = await tx
        .insert(administrators)
        .values({
          email: input.email,
          name: input.name,
          role: input.role,
          organizationId: organization.id,
          status: 'invited',
        })
        .returning({ id: administrators.id });
      const [issued] = await issueAdministratorInvitations(tx, [created!.id], {
        baseUrl: options.baseUrl,
        invitedBy: admin,
      });
      await recordAuditEvent(tx, admin, meta, {
        action: 'administrator.invite',
        targetType: 'administrator',
        targetIds: [created!.id],
        organizationId: organization.id,
        details: { email: input.email, role: input.role },
      });
      return { administratorId: created!.id, invitationId: issued!.invitationId };
    });
  } catch (error) {
    // Someone added the same email a moment ago.
    if (isUniqueViolation(error, 'administrators_email_key')) {
      throw invalid({ email: [DUPLICATE_ADMINISTRATOR] });
    }
    throw error;
  }
}
