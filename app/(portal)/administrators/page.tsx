import type { Metadata } from 'next';
import { getDb } from '@/lib/db';
import { ADMINISTRATORS_LIST_LIMIT, listAdministrators } from '@/lib/administrators/list-administrators';
import { requireAdmin } from '@/lib/auth/current-admin';
import { listOrganizationsInScope } from '@/lib/organizations/list-organizations';
import { AdministratorsTable } from './administrators-table';

export const metadata: Metadata = { title: 'Administrators' };

/**
 * docs/product.md#administrators: the administrators the signed-in one manages (an owner: the tenant;
 * an admin: their subtree's admins).
 */
export default async function AdministratorsPage() {
  const admin = await requireAdmin();
  const db = await getDb();
  const [rows, organizations] = await Promise.all([listAdministrators(db, admin), listOrganizationsInScope(db, admin)]);
  return (
    <div>
      <div className="mb-4">
        <h1 className="text-2xl font-semibold">Administrators</h1>
        <p className="mt-1 text-sm text-slate-600">
          {admin.role === 'owner'
            ? 'Owners manage the whole tenant; admins manage their organization and everything below it.'
            : `You manage the admins of ${admin.organizationName} and the organizations below it.`}
        </p>
      </div>
      <AdministratorsTable
        rows={rows}
        organizations={organizations}
        canAddOwners={admin.role === 'owner'}
        rootOrganizationId={admin.role === 'owner' ? admin.tenantId : null}
        defaultOrganizationId={admin.organizationId}
      />
      {rows.length >= ADMINISTRATORS_LIST_LIMIT && (
        <p className="mt-3 text-sm text-slate-600">
          Only the first {ADMINISTRATORS_LIST_LIMIT} administrators are shown.
        </p>
      )}
    </div>
  );
}
