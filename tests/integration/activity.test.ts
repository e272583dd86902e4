import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { eq, inArray } from 'drizzle-orm';
import { accounts, administrators, auditEvents, permissionGroups } from '@/db/schema';
import { deleteAccounts } from '@/lib/accounts/delete-accounts';
import { activityFilterOptions } from '@/lib/activity/activity-filter-options';
import { type ActivityQuery, parseActivityQuery } from '@/lib/activity/activity-query';
import { actionLabel } from '@/lib/activity/action-labels';
import { lowestCommonOrganization } from '@/lib/activity/event-organization';
import { getActivityPage } from '@/lib/activity/get-activity-page';
import { recordAuditEvent, type RequestMeta } from '@/lib/audit/record-audit-event';
import type { AdminScope } from '@/lib/auth/scope';
import { resendAccountInvitations } from '@/lib/invitations/resend-account-invitations';
import {
  DEMO_ADMINS,
  type TestDatabase,
  adminScope,
  createTestDatabase,
  orgIdByCode,
  seedDemo,
} from '../helpers/test-db';
import { accountIdByEmail } from '../helpers/rows';

const META: RequestMeta = { ipAddress: '203.0.113.7', userAgent: 'node-test' };
const q = (params: Record<string, string> = {}): ActivityQuery => parseActivityQuery(params);
let optionsClock = Date.now();
/** The filter options, never from the 30 s cache of an earlier call. */
const freshOptions = (db: TestDatabase['db'], admin: AdminScope) =>
  activityFilterOptions(db, admin, (optionsClock += 60_000));

describe('Activity', () => {
  let t: TestDatabase;
  let acmeOwner: AdminScope;
  let salesAdmin: AdminScope;
  let salesColleague: AdminScope;
  let globexOwner: AdminScope;
  const org: Record<string, string> = {};
  const ids: Record<string, string> = {};

  /** Everything the administrator's Activity shows, newest first, as "action by actor". */
  const everything = async (admin: AdminScope, params: Record<string, string> = {}) =>
    (await getActivityPage(t.db, admin, q(params), 1000)).rows;

  before(async () => {
    t = await createTestDatabase();
    await seedDemo(t.db);
    for (const code of ['2000', '2001', '2002', '2003', '3000']) org[code] = await orgIdByCode(t.db, code);
    await t.db.insert(administrators).values({
      email: 'sales.colleague@acme.test',
      name: 'Sally Colleague',
      role: 'admin',
      organizationId: org['2001']!,
      status: 'active',
    });
    acmeOwner = await adminScope(t.db, DEMO_ADMINS.acmeOwner);
    salesAdmin = await adminScope(t.db, DEMO_ADMINS.salesAdmin);
    salesColleague = await adminScope(t.db, 'sales.colleague@acme.test');
    globexOwner = await adminScope(t.db, DEMO_ADMINS.globexOwner);
    for (const email of [
      'frances.allen@acme.test',
      'barbara.liskov@acme.test',
      'steve.wozniak@acme.test',
      'alan.turing@acme.test',
      'homer.simpson@globex.test',
    ]) {
      ids[email.split('.')[0]!] = await accountIdByEmail(t.db, email);
    }
    const [margaret] = await t.db.select().from(accounts).where(eq(accounts.deviceNumber, '+14155559002'));
    ids.margaret = margaret!.id;

    const opts = { baseUrl: 'https://portal.test' };
    // Support only; Sales only; Sales and Support at once (their common organization: Acme Corp).
    await resendAccountInvitations(t.db, acmeOwner, META, [ids.frances!], opts);
    await resendAccountInvitations(t.db, acmeOwner, META, [ids.margaret], opts);
    await resendAccountInvitations(t.db, acmeOwner, META, [ids.steve!, ids.alan!], opts);
    await deleteAccounts(t.db, salesAdmin, META, [ids.barbara!]);
    await resendAccountInvitations(
      t.db,
      globexOwner,
      { ipAddress: '198.51.100.9', userAgent: null },
      [ids.homer!],
      opts,
    );
    // An event of no organization, by the Sales admin, and one of an action without a label.
    await recordAuditEvent(t.db, salesAdmin, META, {
      action: 'report.export',
      targetType: 'report',
      targetIds: ['r-1'],
    });
  });
  after(async () => {
    await t?.close();
  });

  it('records the organization of the records an action touched: the lowest one holding them all', async () => {
    const rows = await t.db.select().from(auditEvents);
    const resends = rows.filter((r) => r.action === 'account.invite.resend' && r.tenantId === acmeOwner.tenantId);
    const byTarget = (id: string) => resends.find((r) => r.targetIds.includes(id))!;
    assert.equal(byTarget(ids.frances!).organizationId, org['2002']);
    assert.equal(byTarget(ids.margaret!).organizationId, org['2001']);
    assert.equal(byTarget(ids.steve!).organizationId, org['2000']);
    assert.equal(rows.find((r) => r.action === 'account.delete')!.organizationId, org['2001']);
    assert.equal(lowestCommonOrganization(['/a/b/c/', '/a/b/d/e/']), 'b');
    assert.equal(lowestCommonOrganization(['/a/b/']), 'b');
    assert.equal(lowestCommonOrganization(['/a/', '/x/']), null);
  });

  describe('scope', () => {
    it('shows the Acme owner every Acme event, newest first, and nothing of Globex', async () => {
      const rows = await everything(acmeOwner);
      assert.deepEqual(
        rows.map((r) => r.action),
        ['report.export', 'account.delete', 'account.invite.resend', 'account.invite.resend', 'account.invite.resend'],
      );
      assert.ok(rows.every((r) => r.actorEmail?.endsWith('@acme.test')));
      assert.ok(!JSON.stringify(rows).includes('Homer'));
      assert.ok(!JSON.stringify(rows).includes('198.51.100.9'));
    });

    it('shows the Sales admin the events of Sales and their own tenant-level one: no Support, no Acme-wide', async () => {
      const rows = await everything(salesAdmin);
      assert.deepEqual(
        rows.map((r) => `${r.action} ${r.targets.named.map((n) => n.label).join('+')}`),
        ['report.export ', 'account.delete barbara.liskov@acme.test', 'account.invite.resend Margaret Hamilton'],
      );
      const text = JSON.stringify(rows);
      for (const hidden of ['Frances', 'Allen', 'Steve', 'Turing', 'Support'])
        assert.ok(!text.includes(hidden), hidden);
    });

    it('shows another Sales administrator the events of Sales, but not a colleague’s tenant-level event', async () => {
      const rows = await everything(salesColleague);
      assert.deepEqual(
        rows.map((r) => r.action),
        ['account.delete', 'account.invite.resend'],
      );
    });

    it('shows the Globex owner only Globex', async () => {
      const rows = await everything(globexOwner);
      assert.equal(rows.length, 1);
      assert.equal(rows[0]!.targets.named[0]!.label, 'Homer Simpson');
      assert.equal(rows[0]!.ipAddress, '198.51.100.9');
      assert.deepEqual(await everything(globexOwner, { admin: DEMO_ADMINS.acmeOwner }), []);
    });

    it('offers as filter choices only the administrators and actions in scope', async () => {
      const globex = await freshOptions(t.db, globexOwner);
      assert.deepEqual(globex.administrators, [DEMO_ADMINS.globexOwner]);
      const globexActions = globex.actions.map((a) => a.value);
      assert.ok(globexActions.includes('account.invite.resend'));
      assert.ok(globexActions.includes('account.move'), 'every labelled action');
      assert.ok(!globexActions.includes('report.export'), 'an unlabelled action only where it happened');
      const sales = await freshOptions(t.db, salesAdmin);
      // The owner acted on Sales's accounts; the colleague is an administrator of Sales who did nothing yet.
      assert.deepEqual(sales.administrators, [
        DEMO_ADMINS.acmeOwner,
        DEMO_ADMINS.salesAdmin,
        'sales.colleague@acme.test',
      ]);
      assert.ok(sales.actions.some((a) => a.value === 'report.export' && a.label === 'Report: export'));
      const colleague = await freshOptions(t.db, salesColleague);
      assert.ok(!colleague.actions.some((a) => a.value === 'report.export'));
    });

    it('does not name a record that is out of scope now, even in an event that is in scope', async () => {
      // An event recorded against Sales about an account that is (now) in Support.
      await recordAuditEvent(t.db, acmeOwner, META, {
        action: 'account.move',
        targetType: 'account',
        targetIds: [ids.frances!],
        organizationId: org['2001'],
      });
      const [row] = await everything(salesAdmin, { action: 'account.move' });
      assert.equal(row!.targets.count, 1);
      assert.deepEqual(row!.targets.named, []);
      assert.deepEqual(row!.targets.ids, [ids.frances]);
      const [ownerRow] = await everything(acmeOwner, { action: 'account.move' });
      assert.equal(ownerRow!.targets.named[0]!.label, 'Frances Allen');
      assert.equal(ownerRow!.targets.named[0]!.href, '/accounts?q=frances.allen%40acme.test');
      await t.db.delete(auditEvents).where(eq(auditEvents.action, 'account.move'));
    });
  });

  describe('rows', () => {
    it('say who, what, which records, from where; an unknown action gets a readable label', async () => {
      const rows = await everything(acmeOwner);
      const both = rows.find((r) => r.targets.count === 2)!;
      assert.equal(both.actorEmail, DEMO_ADMINS.acmeOwner);
      assert.equal(both.actionLabel, 'Resent invitation');
      assert.deepEqual(both.targets.named.map((n) => n.label).sort(), ['Alan Turing', 'Steve Wozniak']);
      assert.equal(both.targets.noun, 'accounts');
      assert.equal(both.targets.note, '2 sent');
      assert.deepEqual(both.organization, { name: 'Acme Corp', code: '2000' });
      assert.equal(both.ipAddress, '203.0.113.7');
      assert.equal(rows[0]!.actionLabel, 'Report: export');
      assert.equal(actionLabel('number.retag'), 'Retagged numbers');
      assert.equal(actionLabel('widget.frobnicate_all'), 'Widget: frobnicate all');
    });

    it('name permission groups and summarize an import, within scope', async () => {
      const [group] = await t.db.select().from(permissionGroups).where(eq(permissionGroups.name, 'Executives'));
      await recordAuditEvent(t.db, acmeOwner, META, {
        action: 'permission_group.rename',
        targetType: 'permission_group',
        targetIds: [group!.id],
        organizationId: org['2000'],
      });
      await recordAuditEvent(t.db, acmeOwner, META, {
        action: 'account.import',
        targetType: 'import',
        targetIds: ['9b2f7c1e-0000-4000-8000-000000000001'],
        organizationId: org['2001'],
        details: { fileName: 'team.csv', imported: 12, skipped: 2, organization: 'Sales' },
      });
      const [rename] = await everything(acmeOwner, { action: 'permission_group.rename' });
      assert.deepEqual(rename!.targets.named, [{ label: 'Executives' }]);
      assert.deepEqual(await everything(salesAdmin, { action: 'permission_group.rename' }), []);
      const [imported] = await everything(salesAdmin, { action: 'account.import' });
      assert.equal(imported!.actionLabel, 'Imported accounts');
      assert.equal(imported!.targets.note, 'team.csv, 12 imported, 2 skipped');
      assert.equal(imported!.targets.count, 1);
      await t.db.delete(auditEvents).where(inArray(auditEvents.action, ['permission_group.rename', 'account.import']));
    });

    it('keep the administrator’s email after the administrator is removed', async () => {
      const [row] = await t.db
        .insert(auditEvents)
        .values({
          tenantId: acmeOwner.tenantId,
          organizationId: org['2001'],
          actorAdminId: null,
          actorEmail: 'former.admin@acme.test',
          action: 'account.create',
          targetType: 'account',
          targetIds: [],
        })
        .returning();
      const rows = await everything(salesAdmin, { admin: 'Former.Admin@acme.test' });
      assert.deepEqual(
        rows.map((r) => r.id),
        [String(row!.id)],
      );
      await t.db.delete(auditEvents).where(eq(auditEvents.id, row!.id));
    });
  });

  describe('filters', () => {
    it('by administrator and by action', async () => {
      const bySales = await everything(acmeOwner, { admin: DEMO_ADMINS.salesAdmin });
      assert.deepEqual(
        bySales.map((r) => r.action),
        ['report.export', 'account.delete'],
      );
      const deletes = await everything(acmeOwner, { action: 'account.delete' });
      assert.deepEqual(
        deletes.map((r) => r.actorEmail),
        [DEMO_ADMINS.salesAdmin],
      );
      assert.deepEqual(await everything(acmeOwner, { action: 'account.delete', admin: DEMO_ADMINS.acmeOwner }), []);
    });

    it('by UTC days, both ends included', async () => {
      const at = (iso: string) => ({
        tenantId: globexOwner.tenantId,
        organizationId: org['3000'],
        actorAdminId: globexOwner.id,
        actorEmail: globexOwner.email,
        action: 'day.test',
        targetType: 'account',
        targetIds: [iso],
        createdAt: new Date(iso),
      });
      await t.db
        .insert(auditEvents)
        .values([
          at('2026-03-01T23:59:59.999Z'),
          at('2026-03-02T00:00:00.000Z'),
          at('2026-03-03T23:59:59.999Z'),
          at('2026-03-04T00:00:00.000Z'),
        ]);
      const days = async (params: Record<string, string>) =>
        (await everything(globexOwner, { action: 'day.test', ...params })).map((r) => r.targets.ids[0]);
      assert.deepEqual(await days({ from: '2026-03-02', to: '2026-03-03' }), [
        '2026-03-03T23:59:59.999Z',
        '2026-03-02T00:00:00.000Z',
      ]);
      assert.deepEqual(await days({ from: '2026-03-04' }), ['2026-03-04T00:00:00.000Z']);
      assert.deepEqual(await days({ to: '2026-03-01' }), ['2026-03-01T23:59:59.999Z']);
      // A malformed day is no filter at all.
      assert.equal((await days({ from: '2026-02-30' })).length, 4);
      await t.db.delete(auditEvents).where(eq(auditEvents.action, 'day.test'));
    });
  });

  describe('pagination', () => {
    it('pages newest first by keyset, with ties in time broken by id, and back again', async () => {
      const base = Date.parse('2025-01-01T00:00:00Z');
      // 120 events; every pair shares one instant, so the order within a pair comes from the id.
      await t.db.insert(auditEvents).values(
        Array.from({ length: 120 }, (_, i) => ({
          tenantId: globexOwner.tenantId,
          organizationId: org['3000'],
          actorAdminId: globexOwner.id,
          actorEmail: globexOwner.email,
          action: 'page.test',
          targetType: 'item',
          targetIds: [String(i)],
          createdAt: new Date(base + Math.floor(i / 2) * 1000),
        })),
      );
      const filters = { action: 'page.test' };
      const page = (params: Record<string, string>) =>
        getActivityPage(t.db, globexOwner, q({ ...filters, ...params }), 50);
      const items = (p: Awaited<ReturnType<typeof page>>) => p.rows.map((r) => Number(r.targets.ids[0]));
      const expected = Array.from({ length: 120 }, (_, i) => 119 - i);

      const first = await page({});
      assert.deepEqual(items(first), expected.slice(0, 50));
      assert.equal(first.newer, undefined);
      const second = await page({ before: first.older! });
      assert.deepEqual(items(second), expected.slice(50, 100));
      const third = await page({ before: second.older! });
      assert.deepEqual(items(third), expected.slice(100));
      assert.equal(third.older, undefined);

      const backToSecond = await page({ after: third.newer! });
      assert.deepEqual(items(backToSecond), expected.slice(50, 100));
      assert.ok(backToSecond.newer);
      // Fewer than a page newer than this: the newest page, full.
      const backToFirst = await page({ after: first.rows[10]!.id });
      assert.deepEqual(items(backToFirst), expected.slice(0, 50));
      assert.equal(backToFirst.newer, undefined);
    });

    it('treats another tenant’s event id as no cursor: an empty page', async () => {
      const [acmeEvent] = await everything(acmeOwner);
      const result = await getActivityPage(t.db, globexOwner, q({ before: acmeEvent!.id }));
      assert.deepEqual(result.rows, []);
      const after = await getActivityPage(t.db, globexOwner, q({ action: 'page.test', after: acmeEvent!.id }), 50);
      // Not a cursor: the newest page of the filter, as without one.
      assert.equal(after.rows.length, 50);
    });

    it('parses a malformed URL into defaults', () => {
      const parsed = q({ before: "1' or 1=1", action: 'DROP TABLE', from: 'yesterday', to: '2026-13-01', admin: '' });
      assert.deepEqual(
        Object.values(parsed).filter((v) => v !== undefined),
        [],
      );
      assert.deepEqual(q({ before: '12', after: '7' }).after, undefined);
    });
  });
});
