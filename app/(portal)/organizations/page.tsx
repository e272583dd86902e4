import type { Metadata } from 'next';
import Link from 'next/link';
import { z } from 'zod';
import { getDb } from '@/lib/db';
import { requireAdmin } from '@/lib/auth/current-admin';
import { getOrganizationTree, type OrganizationTreeRow } from '@/lib/organizations/get-organization-tree';
import { singleUseChoiceOf } from '@/lib/organizations/single-use-invitations';
import {
  listPermissionGroups,
  type OrganizationPermissionGroups,
} from '@/lib/permission-groups/list-permission-groups';
import { AddOrganizationDialog } from './add-organization-dialog';
import { OrganizationsResult } from './organizations-result';
import { AddPermissionGroupForm, PermissionGroupButtons } from './permission-group-controls';
import { RenameDialog } from './rename-dialog';
import { SingleUseDialog } from './single-use-dialog';

export const metadata: Metadata = { title: 'Organizations' };

const numberFormat = new Intl.NumberFormat('en-US');
const n = (value: number) => numberFormat.format(value);

function HeadroomCell({ row }: { row: OrganizationTreeRow }) {
  if (row.headroom >= 0) return <td>{n(row.headroom)}</td>;
  const short = -row.headroom;
  return (
    <td className="font-medium text-red-700">
      −{n(short)}
      <span className="note problem">
        {n(short)} {short === 1 ? 'number' : 'numbers'} short
      </span>
    </td>
  );
}

/** The single-use setting that applies, and whether it is the organization's own or inherited. */
function SingleUseCell({ row }: { row: OrganizationTreeRow }) {
  return (
    <td>
      {row.singleUse.effective ? 'On' : 'Off'}
      {row.singleUse.own === null && <span className="muted"> (inherited)</span>}
    </td>
  );
}

/**
 * The organization tree in scope with accounts by status, numbers and headroom; create and rename
 * sub-organizations; the User Permissions groups of one organization (`?org=`).
 */
export default async function OrganizationsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const admin = await requireAdmin();
  const params = await searchParams;
  const requested = z.uuid().safeParse(params.org);
  const selectedId = requested.success ? requested.data : admin.organizationId;
  const db = await getDb();
  const [tree, groups] = await Promise.all([
    getOrganizationTree(db, admin),
    listPermissionGroups(db, admin, selectedId),
  ]);

  return (
    <div>
      <div className="mb-4 flex items-center justify-between">
        <h1 className="text-2xl font-semibold">Organizations</h1>
      </div>
      <OrganizationsResult>
        <div role="toolbar" aria-label="Organization actions" className="mb-3 flex flex-wrap items-center gap-2">
          <AddOrganizationDialog organizations={tree} defaultParentId={admin.organizationId} />
        </div>
        <OrganizationTree tree={tree} selectedId={groups?.organization.id} />
        <p className="mt-2 text-xs text-slate-600">
          Pending counts invitations still valid; Expired, those past their expiry (pending too, until Resend Invite).
          Headroom = numbers available − accounts that are not Active and have no number: each takes a number at
          activation. Below zero, not every such account can activate.
        </p>

        <GroupsSection groups={groups} />
      </OrganizationsResult>
    </div>
  );
}

/** The organizations in scope, in tree order, with their accounts by status, numbers, headroom and groups. */
function OrganizationTree({ tree, selectedId }: { tree: OrganizationTreeRow[]; selectedId: string | undefined }) {
  return (
    <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white">
      <table className="data-table w-full text-left text-sm">
        <caption className="sr-only">Organizations</caption>
        <thead className="border-b border-slate-200 bg-slate-50 text-xs text-slate-600 uppercase">
          <tr>
            <th scope="col">Organization</th>
            <th scope="col" className="whitespace-normal">
              Not invited
            </th>
            <th scope="col" className="whitespace-normal">
              Pending
            </th>
            <th scope="col" className="whitespace-normal" title="Pending, and the invitation has expired">
              Expired
            </th>
            <th scope="col" className="whitespace-normal">
              Active
            </th>
            <th scope="col" className="whitespace-normal">
              Numbers available
            </th>
            <th scope="col" className="whitespace-normal">
              Numbers assigned
            </th>
            <th
              scope="col"
              className="whitespace-normal"
              title="Available numbers minus accounts that are not Active and have no number"
            >
              Headroom
            </th>
            <th scope="col" className="whitespace-normal">
              User Permissions
            </th>
            <th scope="col" className="whitespace-normal" title="A single-use invitation activates MultiLine once">
              Single-use invitations
            </th>
            <th scope="col">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {tree.map((o) => (
            <tr key={o.id} aria-current={o.id === selectedId ? 'true' : undefined}>
              <th scope="row" style={{ paddingLeft: `${0.75 + o.depth * 1.5}rem` }}>
                {o.depth > 0 && (
                  <span aria-hidden="true" className="muted">
                    └{' '}
                  </span>
                )}
                {o.name} <span className="muted">({o.code})</span>
              </th>
              <td>{n(o.accounts.notInvited)}</td>
              <td>{n(o.accounts.pending)}</td>
              <td>{n(o.accounts.expired)}</td>
              <td>{n(o.accounts.active)}</td>
              <td>{n(o.numbers.available)}</td>
              <td>{n(o.numbers.assigned)}</td>
              <HeadroomCell row={o} />
              <td>
                <Link href={`/organizations?org=${o.id}#groups`} className="text-brand-600 underline">
                  {n(o.permissionGroups)} {o.permissionGroups === 1 ? 'group' : 'groups'}
                  <span className="sr-only"> of {o.name}</span>
                </Link>
              </td>
              <SingleUseCell row={o} />
              <td>
                <div className="flex flex-wrap gap-2">
                  {o.canRename && <RenameDialog kind="organization" id={o.id} currentName={o.name} />}
                  <SingleUseDialog
                    organizationId={o.id}
                    organizationName={o.name}
                    current={singleUseChoiceOf(o.singleUse.own)}
                    inherited={o.singleUseInherited}
                  />
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The User Permissions groups of the organization shown (`?org=`), and the form that adds one. */
function GroupsSection({ groups }: { groups: OrganizationPermissionGroups | null }) {
  return (
    <section id="groups" aria-labelledby="groups-heading" className="mt-8">
      {groups ? (
        <>
          <h2 id="groups-heading" className="text-lg font-semibold">
            User Permissions groups of {groups.organization.name} ({groups.organization.code})
          </h2>
          <div className="mt-3 overflow-x-auto rounded-xl border border-slate-200 bg-white">
            <table className="data-table w-full text-left text-sm">
              <caption className="sr-only">User Permissions groups</caption>
              <thead className="border-b border-slate-200 bg-slate-50 text-xs text-slate-600 uppercase">
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Default</th>
                  <th scope="col">Accounts</th>
                  <th scope="col">
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {groups.groups.map((g) => (
                  <tr key={g.id}>
                    <th scope="row">{g.name}</th>
                    <td>{g.isDefault ? <span className="badge bg-blue-50 text-brand-700">Default</span> : ''}</td>
                    <td>{n(g.accounts)}</td>
                    <td>
                      <div className="flex flex-wrap gap-2">
                        <RenameDialog kind="group" id={g.id} currentName={g.name} />
                        <PermissionGroupButtons id={g.id} name={g.name} isDefault={g.isDefault} />
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <AddPermissionGroupForm key={groups.organization.id} organizationId={groups.organization.id} />
        </>
      ) : (
        <>
          <h2 id="groups-heading" className="text-lg font-semibold">
            User Permissions groups
          </h2>
          <p className="mt-2 text-sm">The organization was not found.</p>
        </>
      )}
    </section>
  );
}
