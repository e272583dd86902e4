import { z } from 'zod';

const name = z.string().trim().min(1, 'Enter a name.').max(100, 'At most 100 characters.');

/** One schema per form, shared by the page's forms (zodResolver) and the server actions. */
export const createPermissionGroupSchema = z.object({
  organizationId: z.uuid('The organization was not found.'),
  name,
});

export const renamePermissionGroupSchema = z.object({
  groupId: z.uuid('The group was not found.'),
  name,
});

export const permissionGroupIdSchema = z.object({
  groupId: z.uuid('The group was not found.'),
});

export type CreatePermissionGroupInput = z.input<typeof createPermissionGroupSchema>;
export type RenamePermissionGroupInput = z.input<typeof renamePermissionGroupSchema>;
