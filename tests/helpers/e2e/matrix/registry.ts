/**
 * One call per entry point of the build, with valid-looking input that names the victim's real records
 * (tests/helpers/e2e/matrix/seed.ts): what an attacker holding the role's cookie would send. The
 * authorization matrix fails on an entry point of the build missing here, and on an entry here that the
 * build lacks, so a new server action or route handler cannot go untested.
 *
 * Keys: `<source module>#<exported name>` for a server action, `<METHOD> <source module>` for a route
 * handler. Calls run in this order for each role, the destructive ones last.
 */
import { randomBytes } from 'node:crypto';
import { csrf, type Exchange, send } from './client';
import type { Home, Victim } from './seed';

export interface CallContext {
  victim: Victim;
  /** An organization of the caller's own scope (or the victim's sub-organization) to move things to. */
  home: Home;
  baseURL: string;
  cookie: string;
  secrets: { cron: string; webhook: string };
  /** What the caller's own session cookie carries (administrator id, email, name, organization id). */
  claims: string[];
  /** The entry point's own server action, called with these arguments (on its page, or on `page`). */
  action: (args: unknown[], page?: string) => Promise<Exchange>;
}

type Call = (c: CallContext) => Promise<Exchange>;

const linkToken = () => randomBytes(32).toString('base64url');
const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.append(k, v);
  return data;
};
const accountIds = (v: Victim) => v.accounts.map((a) => a.id);
/** The account page of an account: its actions are served there. */
const accountPage = (id: string) => `/accounts/${id}`;
const availableNumbers = (v: Victim) => v.numbers.filter((n) => n.available);
const PERSONAL_PHONE = '+14155550199';
const A_PASSWORD = 'not-the-password-123';

export const REGISTRY: Record<string, Call> = {
  // Reads: the choices of dialogs, previews.
  'app/(portal)/accounts/actions.ts#addAccountOptionsAction': (c) =>
    c.action([{ organizationId: c.victim.organization.id, search: '555' }]),
  'app/(portal)/accounts/actions.ts#assignNumberOptionsAction': (c) =>
    c.action([{ accountId: c.victim.accounts[1]!.id, search: '555' }]),
  'app/(portal)/accounts/actions.ts#moveOptionsAction': (c) => c.action([{ ids: accountIds(c.victim) }]),
  'app/(portal)/accounts/import-actions.ts#previewImportAction': (c) =>
    c.action([{ importId: c.victim.stagingImport.id, organizationId: c.victim.organization.id }]),
  'GET app/(portal)/accounts/export/route.ts': (c) =>
    send(
      c.baseURL,
      c.cookie,
      'GET',
      `/accounts/export?org=${c.victim.organization.id}&q=${c.victim.accounts[0]!.lastName}`,
    ),
  'GET app/(portal)/accounts/import/[id]/skipped/route.ts': (c) =>
    send(c.baseURL, c.cookie, 'GET', `/accounts/import/${c.victim.committedImport.id}/skipped`),
  'GET app/(portal)/accounts/import/[id]/valid/route.ts': (c) =>
    send(c.baseURL, c.cookie, 'GET', `/accounts/import/${c.victim.stagingImport.id}/valid`),
  'GET app/(portal)/accounts/import/template/route.ts': (c) =>
    send(c.baseURL, c.cookie, 'GET', '/accounts/import/template'),
  // next-auth answers the claims of the caller's own cookie without reading the database (so a removed
  // administrator's cookie still reads as a session here): an echo of the request, not the victim's data.
  'GET app/api/auth/[...nextauth]/route.ts': async (c) => {
    const exchange = await send(c.baseURL, c.cookie, 'GET', '/api/auth/session');
    return { ...exchange, sent: `${exchange.sent}\n${c.claims.join('\n')}` };
  },
  'GET app/dev/emails/[template]/route.ts': (c) =>
    send(c.baseURL, c.cookie, 'GET', '/dev/emails/account-invitation?format=text'),

  // Public entry points, whose credential is a secret of the request rather than the session.
  'app/sign-in/actions.ts#signInAction': (c) =>
    c.action(
      [{}, form({ email: c.victim.administrator.email, password: A_PASSWORD, callbackUrl: '/administrators' })],
      '/sign-in',
    ),
  'POST app/api/auth/[...nextauth]/route.ts': async (c) => {
    const token = await csrf(c.baseURL, c.cookie);
    return send(c.baseURL, token.cookie, 'POST', '/api/auth/callback/credentials', {
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        csrfToken: token.token,
        email: c.victim.administrator.email,
        password: A_PASSWORD,
      }).toString(),
    });
  },
  'app/activate/[token]/actions.ts#activateAction': (c) => {
    const token = linkToken();
    return c.action(
      [{}, form({ token, personalPhone: PERSONAL_PHONE, number: availableNumbers(c.victim)[0]!.e164 })],
      `/activate/${token}`,
    );
  },
  'app/activate/admin/[token]/actions.ts#setAdministratorPasswordAction': (c) => {
    const token = linkToken();
    const password = 'a new password for vera';
    return c.action([{}, form({ token, password, confirmPassword: password })], `/activate/admin/${token}`);
  },
  'POST app/api/v1/activations/route.ts': (c) =>
    send(c.baseURL, c.cookie, 'POST', '/api/v1/activations', {
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        username: c.victim.accounts[1]!.email,
        password: 'ABCD-EFGH-JKMN',
        personalPhone: PERSONAL_PHONE,
        number: availableNumbers(c.victim)[0]!.e164,
      }),
    }),
  'GET app/api/cron/outbox/route.ts': (c) =>
    send(c.baseURL, c.cookie, 'GET', '/api/cron/outbox', {
      // A bearer of the right length, not the secret.
      headers: { Authorization: `Bearer ${'x'.repeat(c.secrets.cron.length)}` },
    }),
  'POST app/api/webhooks/resend/route.ts': (c) => {
    const body = JSON.stringify({
      type: 'email.bounced',
      created_at: new Date().toISOString(),
      data: { email_id: crypto.randomUUID(), to: [c.victim.accounts[1]!.email] },
    });
    return send(c.baseURL, c.cookie, 'POST', '/api/webhooks/resend', {
      headers: {
        'Content-Type': 'application/json',
        'svix-id': `msg_${randomBytes(12).toString('hex')}`,
        'svix-timestamp': String(Math.floor(Date.now() / 1000)),
        'svix-signature': `v1,${randomBytes(32).toString('base64')}`,
      },
      body,
    });
  },

  'POST app/api/webhooks/twilio/route.ts': (c) =>
    send(c.baseURL, c.cookie, 'POST', '/api/webhooks/twilio', {
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        // The length of a real signature, not one.
        'X-Twilio-Signature': randomBytes(20).toString('base64'),
      },
      body: new URLSearchParams({
        MessageSid: `SM${randomBytes(16).toString('hex')}`,
        MessageStatus: 'undelivered',
        To: '+14155550100',
      }).toString(),
    }),
  // Changes to the victim's records, or new records in the victim's organization.
  'app/(portal)/accounts/actions.ts#addAccountAction': (c) =>
    c.action([
      {
        organizationId: c.victim.organization.id,
        firstName: 'Mallory',
        lastName: 'Matrix',
        contact: 'mallory.matrix@example.test',
        number: availableNumbers(c.victim)[0]!.e164,
        permissionGroupId: c.victim.defaultGroup.id,
        intent: 'invite',
      },
    ]),
  'app/(portal)/accounts/actions.ts#resendInvitesAction': (c) => c.action([{ ids: accountIds(c.victim) }]),
  'app/(portal)/accounts/actions.ts#sendInvitesAction': (c) => c.action([{ ids: accountIds(c.victim) }]),
  'app/(portal)/accounts/actions.ts#suspendAccountsAction': (c) => c.action([{ ids: accountIds(c.victim) }]),
  'app/(portal)/accounts/actions.ts#reinstateAccountsAction': (c) => c.action([{ ids: accountIds(c.victim) }]),
  'app/(portal)/accounts/actions.ts#moveAccountsAction': (c) =>
    c.action([
      {
        selection: { ids: accountIds(c.victim) },
        organizationId: c.home.organizationId,
        permissionGroupId: c.home.permissionGroupId,
      },
    ]),
  'app/(portal)/accounts/[id]/actions.ts#updateAccountAction': (c) => {
    const account = c.victim.accounts[1]!;
    return c.action(
      [
        {
          accountId: account.id,
          firstName: 'Mallory',
          lastName: account.lastName,
          email: 'mallory.edit@example.test',
          deviceNumber: '',
        },
      ],
      accountPage(account.id),
    );
  },
  'app/(portal)/accounts/[id]/actions.ts#sendAccountInviteAction': (c) =>
    c.action([{ id: c.victim.accounts[1]!.id }], accountPage(c.victim.accounts[1]!.id)),
  'app/(portal)/accounts/import-actions.ts#discardImportAction': (c) =>
    c.action([{ importId: c.victim.stagingImport.id }]),
  'app/(portal)/accounts/import-actions.ts#startImportAction': (c) =>
    c.action([{ organizationId: c.victim.organization.id, fileName: 'matrix.csv', totalRows: 1 }]),
  'app/(portal)/accounts/import-actions.ts#stageImportRowsAction': (c) =>
    c.action([
      {
        importId: c.victim.stagingImport.id,
        rows: [
          { line: 3, firstName: 'Mallory', lastName: 'Matrix', email: 'mallory.import@example.test', deviceNumber: '' },
        ],
      },
    ]),
  'app/(portal)/accounts/import-actions.ts#commitImportAction': (c) =>
    c.action([
      {
        importId: c.victim.stagingImport.id,
        organizationId: c.victim.organization.id,
        permissionGroupId: c.victim.defaultGroup.id,
      },
    ]),
  'app/(portal)/administrators/actions.ts#addAdministratorAction': (c) =>
    c.action([
      {
        email: 'mallory.admin@example.test',
        name: 'Mallory Matrix',
        role: 'admin',
        organizationId: c.victim.organization.id,
      },
    ]),
  'app/(portal)/administrators/actions.ts#resendAdministratorInvitesAction': (c) =>
    c.action([{ ids: [c.victim.administrator.id] }]),
  'app/(portal)/numbers/actions.ts#addNumbersAction': (c) =>
    c.action([{ organizationId: c.victim.organization.id, tag: 'MATRIX', mode: 'list', list: '+12125550399' }]),
  'app/(portal)/accounts/actions.ts#assignNumberAction': (c) =>
    c.action([{ accountId: c.victim.accounts[1]!.id, number: availableNumbers(c.victim)[0]!.e164 }]),
  'app/(portal)/numbers/actions.ts#reserveTagAction': (c) =>
    c.action([{ tenantId: c.victim.tenantId, tag: 'MATRIX', reserved: true }]),
  'app/(portal)/numbers/actions.ts#retagNumbersAction': (c) =>
    c.action([{ ids: c.victim.numbers.map((n) => n.id), tag: 'MATRIX' }]),
  'app/(portal)/numbers/actions.ts#moveNumbersAction': (c) =>
    c.action([
      {
        ids: availableNumbers(c.victim)
          .map((n) => n.id)
          .slice(0, 2),
        organizationId: c.home.organizationId,
      },
    ]),
  'app/(portal)/organizations/actions.ts#createOrganizationAction': (c) =>
    c.action([{ parentId: c.victim.organization.id, name: 'Matrix Annex', code: '2099' }]),
  'app/(portal)/organizations/actions.ts#renameOrganizationAction': (c) =>
    c.action([{ organizationId: c.victim.organization.id, name: 'Matrix Renamed' }]),
  'app/(portal)/organizations/actions.ts#setSingleUseInvitationsAction': (c) =>
    c.action([{ organizationId: c.victim.organization.id, singleUse: 'on' }]),
  'app/(portal)/organizations/actions.ts#createPermissionGroupAction': (c) =>
    c.action([{ organizationId: c.victim.organization.id, name: 'Matrix group' }]),
  'app/(portal)/organizations/actions.ts#renamePermissionGroupAction': (c) =>
    c.action([{ groupId: c.victim.defaultGroup.id, name: 'Matrix renamed group' }]),
  'app/(portal)/organizations/actions.ts#setDefaultPermissionGroupAction': (c) =>
    c.action([{ groupId: c.victim.spareGroup.id }]),

  // Destructive, last.
  'app/(portal)/organizations/actions.ts#deletePermissionGroupAction': (c) =>
    c.action([{ groupId: c.victim.spareGroup.id }]),
  'app/(portal)/administrators/actions.ts#removeAdministratorsAction': (c) =>
    c.action([{ ids: [c.victim.administrator.id] }]),
  'app/(portal)/accounts/actions.ts#deleteAccountsAction': (c) => c.action([{ ids: accountIds(c.victim) }]),
  'app/(portal)/accounts/[id]/actions.ts#deleteAccountAction': (c) =>
    c.action([{ id: c.victim.accounts[0]!.id }], accountPage(c.victim.accounts[0]!.id)),
  'app/(portal)/actions.ts#signOutAction': (c) => c.action([]),
};
