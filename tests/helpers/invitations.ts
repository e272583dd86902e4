import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { invitations, outboxMessages } from '@/db/schema';
import type { AccountInvitationProps } from '@/emails/types';
import { issueAccountInvitations } from '@/lib/invitations/issue-account-invitations';
import { openPayload } from '@/lib/outbox/sealed-payload';

/**
 * Sends the account a new invitation (as no administrator, with links under `baseUrl`) and reads
 * what the user receives from its sealed message: the username, the password and the activation link.
 */
export async function inviteAccount(
  db: Db,
  accountId: string,
  baseUrl = 'http://portal.test',
): Promise<AccountInvitationProps> {
  await db.transaction((tx) => issueAccountInvitations(tx, [accountId], { baseUrl, createdByAdminId: null }));
  const [row] = await db
    .select({ payload: outboxMessages.payload })
    .from(outboxMessages)
    .innerJoin(invitations, eq(invitations.id, outboxMessages.invitationId))
    .where(and(eq(invitations.accountId, accountId), isNull(invitations.supersededAt)));
  return openPayload<AccountInvitationProps>(row!.payload);
}
