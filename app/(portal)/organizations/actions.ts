'use server';

import { adminAction } from '@/lib/auth/admin-action';
import { createOrganization } from '@/lib/organizations/create-organization';
import {
  createOrganizationSchema,
  renameOrganizationSchema,
  singleUseInvitationsSchema,
} from '@/lib/organizations/organization-schemas';
import { renameOrganization } from '@/lib/organizations/rename-organization';
import { setSingleUseInvitations } from '@/lib/organizations/set-single-use-invitations';
import { createPermissionGroup } from '@/lib/permission-groups/create-permission-group';
import { deletePermissionGroup } from '@/lib/permission-groups/delete-permission-group';
import {
  createPermissionGroupSchema,
  permissionGroupIdSchema,
  renamePermissionGroupSchema,
} from '@/lib/permission-groups/permission-group-schemas';
import { renamePermissionGroup } from '@/lib/permission-groups/rename-permission-group';
import { setDefaultPermissionGroup } from '@/lib/permission-groups/set-default-permission-group';
import { revalidateChanged, revalidateOrganizations } from '../revalidate';

export const createOrganizationAction = adminAction(createOrganizationSchema, async (input, { admin, db, meta }) => {
  const created = await createOrganization(db, admin, meta, input);
  revalidateOrganizations();
  return {
    ok: true,
    data: { id: created.id },
    message: `${created.name} (${created.code}) was created with its default group “default cos for org ${created.code}”.`,
  };
});

export const renameOrganizationAction = adminAction(renameOrganizationSchema, async (input, { admin, db, meta }) => {
  const renamed = await renameOrganization(db, admin, meta, input);
  revalidateOrganizations();
  return { ok: true, data: { id: renamed.id }, message: `${renamed.previousName} was renamed to ${renamed.name}.` };
});

export const setSingleUseInvitationsAction = adminAction(
  singleUseInvitationsSchema,
  async (input, { admin, db, meta }) => {
    const change = await setSingleUseInvitations(db, admin, meta, input);
    if (change.changed) revalidateChanged('organizationSettings');
    // "On", "Off", or "Inherit (On)": what Inherit gives is worth saying.
    const value =
      change.to === 'inherit' ? `Inherit (${change.effective ? 'On' : 'Off'})` : SINGLE_USE_WORDS[change.to];
    return {
      ok: true,
      data: { id: change.id },
      message: change.changed
        ? `Single-use invitations of ${change.name}: ${value}.`
        : `Single-use invitations of ${change.name} were already ${value}.`,
    };
  },
);

const SINGLE_USE_WORDS = { inherit: 'Inherit', on: 'On', off: 'Off' } as const;

export const createPermissionGroupAction = adminAction(
  createPermissionGroupSchema,
  async (input, { admin, db, meta }) => {
    const group = await createPermissionGroup(db, admin, meta, input);
    revalidateChanged('permissionGroups');
    return { ok: true, data: { id: group.id }, message: `Group “${group.name}” was added.` };
  },
);

export const renamePermissionGroupAction = adminAction(
  renamePermissionGroupSchema,
  async (input, { admin, db, meta }) => {
    const group = await renamePermissionGroup(db, admin, meta, input);
    revalidateChanged('permissionGroups');
    return {
      ok: true,
      data: { id: group.id },
      message: `Group “${group.previousName}” was renamed to “${group.name}”.`,
    };
  },
);

export const setDefaultPermissionGroupAction = adminAction(
  permissionGroupIdSchema,
  async ({ groupId }, { admin, db, meta }) => {
    const group = await setDefaultPermissionGroup(db, admin, meta, groupId);
    if (group.changed) revalidateChanged('permissionGroups');
    return {
      ok: true,
      data: { id: group.id },
      message: group.changed
        ? `“${group.name}” is now the default group.`
        : `“${group.name}” is already the default group.`,
    };
  },
);

export const deletePermissionGroupAction = adminAction(
  permissionGroupIdSchema,
  async ({ groupId }, { admin, db, meta }) => {
    const group = await deletePermissionGroup(db, admin, meta, groupId);
    revalidateChanged('permissionGroups');
    return { ok: true, data: { id: group.id }, message: `Group “${group.name}” was deleted.` };
  },
);
