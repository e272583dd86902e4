import { randomUUID } from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { type Db, queryRows } from '@/db/client';
import { accounts, invitations, organizations, permissionGroups, phoneNumbers } from '@/db/schema';
import { columnList } from './bench-db';

/** What bench:bulk-actions (bench/bulk-actions.ts) acts on: its two organizations and the selection. */
export interface BulkSelection {
  sourceId: string;
  sourceGroup: string;
  destinationId: string;
  destinationGroup: string;
  /** The selected accounts, all in Bench Source, by id. */
  ids: string[];
}

/**
 * Bench Source, with `selected` accounts (i % 4: 0 Active with a number, 1 Pending with a number,
 * 2 Pending without, 3 Not invited; the Pending ones invited ten days ago), and Bench Destination, under
 * Acme Corp. Half of the selection has numbers; the source keeps as many spare, the destination
 * enough for the rest. Checked before it is returned.
 */
export async function createBulkSelection(db: Db, selected: number): Promise<BulkSelection> {
  const organizationIds = await createBenchOrganizations(db);
  const groups = await db
    .insert(permissionGroups)
    .values([
      { organizationId: organizationIds.source, name: 'default cos for org 2901', isDefault: true },
      { organizationId: organizationIds.destination, name: 'default cos for org 2902', isDefault: true },
    ])
    .returning({ id: permissionGroups.id, organizationId: permissionGroups.organizationId });
  const groupOf = (organizationId: string) => groups.find((g) => g.organizationId === organizationId)!.id;
  const selection = {
    sourceId: organizationIds.source,
    sourceGroup: groupOf(organizationIds.source),
    destinationId: organizationIds.destination,
    destinationGroup: groupOf(organizationIds.destination),
  };
  await insertSelectedAccounts(db, selection, selected);
  await insertNumbers(db, selection, selected);
  await db.execute(sql`analyze`);

  const ids = (
    await db
      .select({ id: accounts.id })
      .from(accounts)
      .where(eq(accounts.organizationId, selection.sourceId))
      .orderBy(accounts.id)
  ).map((r) => r.id);
  await checkSelection(db, selection.sourceId, ids, selected);
  return { ...selection, ids };
}

/** Bench Source (2901) and Bench Destination (2902), children of Acme Corp's root. */
async function createBenchOrganizations(db: Db): Promise<{ source: string; destination: string }> {
  const [root] = await db
    .select({ id: organizations.id, path: organizations.path })
    .from(organizations)
    .where(and(eq(organizations.code, '2000'), isNull(organizations.parentId)));
  if (!root) throw new Error('Acme Corp is missing: seed the demo data first');
  const child = (code: string, name: string) => {
    const id = randomUUID();
    return { id, tenantId: root.id, parentId: root.id, code, name, path: `${root.path}${id}/`, depth: 1 };
  };
  const source = child('2901', 'Bench Source');
  const destination = child('2902', 'Bench Destination');
  await db.insert(organizations).values([source, destination]);
  return { source: source.id, destination: destination.id };
}

async function insertSelectedAccounts(
  db: Db,
  { sourceId, sourceGroup }: Omit<BulkSelection, 'ids'>,
  selected: number,
): Promise<void> {
  const accountColumns = columnList(
    accounts.organizationId,
    accounts.permissionGroupId,
    accounts.firstName,
    accounts.lastName,
    accounts.email,
    accounts.personalPhone,
    accounts.status,
    accounts.invitedAt,
    accounts.invitationExpiresAt,
    accounts.activatedAt,
  );
  await db.execute(sql`
    insert into ${accounts} (${accountColumns})
    select ${sourceId}, ${sourceGroup}, 'Bulk', 'User ' || i, 'bulk.user' || i || '@bench.test',
      case when i % 4 = 0 then '+1415' || lpad(i::text, 7, '0') end,
      (case when i % 4 = 0 then 'active' when i % 4 = 3 then 'not_invited' else 'invited' end)::account_status,
      case when i % 4 <> 3 then now() - interval '10 days' end,
      case when i % 4 <> 3 then now() + interval '20 days' end,
      case when i % 4 = 0 then now() - interval '9 days' end
    from generate_series(1, ${selected}) as i`);
  const invitationColumns = columnList(
    invitations.accountId,
    invitations.channel,
    invitations.destination,
    invitations.passwordHash,
    invitations.tokenHash,
    invitations.expiresAt,
    invitations.deliveryState,
    invitations.createdAt,
  );
  await db.execute(sql`
    insert into ${invitations} (${invitationColumns})
    select ${accounts.id}, 'email', ${accounts.email}, md5('pw' || ${accounts.id}),
      'bench_bulk_' || md5(${accounts.id}::text), ${accounts.invitationExpiresAt}, 'delivered', ${accounts.invitedAt}
    from ${accounts} where ${accounts.organizationId} = ${sourceId} and ${accounts.status} <> 'not_invited'`);
}

/** Numbers for the Active and the first Pending quarter; spare ones in both organizations. */
async function insertNumbers(
  db: Db,
  { sourceId, destinationId }: Omit<BulkSelection, 'ids'>,
  selected: number,
): Promise<void> {
  await db.execute(sql`
    insert into ${phoneNumbers} (${columnList(
      phoneNumbers.e164,
      phoneNumbers.organizationId,
      phoneNumbers.accountId,
      phoneNumbers.assignedAt,
    )})
    select '+1339' || lpad(row_number() over (order by ${accounts.id})::text, 7, '0'), ${sourceId}, ${accounts.id}, now()
    from ${accounts}
    where ${accounts.organizationId} = ${sourceId} and split_part(${accounts.lastName}, ' ', 2)::int % 4 in (0, 1)`);
  await db.execute(sql`
    insert into ${phoneNumbers} (${columnList(phoneNumbers.e164, phoneNumbers.organizationId)})
    select '+1340' || lpad(k::text, 7, '0'),
      case when k <= ${selected / 2} then ${sourceId}::uuid else ${destinationId}::uuid end
    from generate_series(1, ${selected / 2 + selected}) as k`);
}

/** Half of the selection has a number, and the other half each holds a unit of headroom. */
async function checkSelection(db: Db, sourceId: string, ids: string[], selected: number): Promise<void> {
  const hasNumber = sql`exists (select 1 from ${phoneNumbers} where ${phoneNumbers.accountId} = ${accounts.id})`;
  const [shape] = await queryRows<{ numbered: number; units: number }>(
    db,
    sql`select count(*) filter (where ${hasNumber})::int as "numbered",
               count(*) filter (where ${accounts.status} <> 'active' and not ${hasNumber})::int as "units"
        from ${accounts} where ${accounts.organizationId} = ${sourceId}`,
  );
  if (ids.length !== selected || shape!.numbered !== selected / 2 || shape!.units !== selected / 2) {
    throw new Error(`Unexpected selection: ${ids.length} accounts, ${JSON.stringify(shape)}`);
  }
}
