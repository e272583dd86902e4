import { z } from 'zod';

/**
 * An organization's code: letters, digits and dashes, as `npm run tenant:create` accepts for a root
 * (the demo uses 2000-style digits). It names the organization's default User Permissions group
 * ("default cos for org <code>") and is unique in the tenant, compared without regard to case.
 */
export const ORGANIZATION_CODE = /^[A-Za-z0-9-]{1,20}$/;

const name = z.string().trim().min(1, 'Enter a name.').max(100, 'At most 100 characters.');

/** Create sub-organization: one schema for the dialog (zodResolver) and the server action. */
export const createOrganizationSchema = z.object({
  parentId: z.uuid('Choose the parent organization.'),
  name,
  code: z
    .string()
    .trim()
    .min(1, 'Enter a code.')
    .regex(ORGANIZATION_CODE, 'Use up to 20 letters, digits or dashes, e.g. 2004.'),
});

export const renameOrganizationSchema = z.object({
  organizationId: z.uuid('The organization was not found.'),
  name,
});

export type CreateOrganizationInput = z.input<typeof createOrganizationSchema>;
export type CreateOrganizationValues = z.output<typeof createOrganizationSchema>;
export type RenameOrganizationInput = z.input<typeof renameOrganizationSchema>;

/** The choices of an organization's single-use invitations: Inherit (its parent's; a root's is off), On, Off. */
export const SINGLE_USE_CHOICES = ['inherit', 'on', 'off'] as const;
export type SingleUseChoice = (typeof SINGLE_USE_CHOICES)[number];

export const singleUseInvitationsSchema = z.object({
  organizationId: z.uuid('The organization was not found.'),
  singleUse: z.enum(SINGLE_USE_CHOICES, 'Choose Inherit, On or Off.'),
});

export type SingleUseInvitationsInput = z.input<typeof singleUseInvitationsSchema>;
