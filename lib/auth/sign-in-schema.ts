import { z } from 'zod';

export const signInSchema = z.object({
  email: z.email('Enter your email address.').max(254),
  password: z.string().min(1, 'Enter your password.').max(200),
  callbackUrl: z.string().max(2000).optional(),
});
export type SignInInput = z.infer<typeof signInSchema>;
