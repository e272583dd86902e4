import { z } from 'zod';

export const ADMIN_ROLES = ['owner', 'admin'] as const;
export type AdminRole = (typeof ADMIN_ROLES)[number];

export const ROLE_LABELS: Record<AdminRole, string> = { owner: 'Owner', admin: 'Admin' };

/** Add Administrator: one schema for the dialog (through zodResolver) and the server action. */
export const addAdministratorSchema = z.object({
  email: z
    .string()
    .trim()
    .min(1, 'Enter the email address.')
    .max(254, 'At most 254 characters.')
    .pipe(z.email('Enter a valid email address.'))
    .transform((v) => v.toLowerCase()),
  name: z.string().trim().min(1, 'Enter the name.').max(100, 'At most 100 characters.'),
  role: z.enum(ADMIN_ROLES, 'Choose a role.'),
  organizationId: z.uuid('Choose an organization.'),
});
export type AddAdministratorInput = z.input<typeof addAdministratorSchema>;
export type AddAdministratorValues = z.output<typeof addAdministratorSchema>;

/** A selection on the Administrators page. */
export const administratorSelectionSchema = z.object({
  ids: z
    .array(z.uuid())
    .min(1, 'Select at least one administrator.')
    .max(500, 'Select at most 500 administrators at a time.')
    .transform((ids) => [...new Set(ids)]),
});

export const PASSWORD_MIN_LENGTH = 12;

/**
 * The set-password form. A person chooses this password, so the policy is length (NIST SP 800-63B:
 * no composition rules), confirmed by typing it twice; scrypt makes guessing expensive.
 */
export const setPasswordSchema = z
  .object({
    token: z.string().min(1).max(200),
    password: z
      .string({ error: 'Choose a password.' })
      .min(PASSWORD_MIN_LENGTH, `Use at least ${PASSWORD_MIN_LENGTH} characters.`)
      .max(200, 'Use at most 200 characters.'),
    confirmPassword: z.string({ error: 'Type the password again.' }).min(1, 'Type the password again.'),
  })
  .refine((v) => v.password === v.confirmPassword, {
    message: 'The two passwords are not the same.',
    path: ['confirmPassword'],
  });
export type SetPasswordInput = z.infer<typeof setPasswordSchema>;
