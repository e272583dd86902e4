import type { AccountInvitationProps, AdministratorInvitationProps } from '@/emails/types';

/** The messages the portal sends, and what each template needs (the props types live beside the templates). */

export interface TemplateProps {
  'account-invitation': AccountInvitationProps;
  'administrator-invitation': AdministratorInvitationProps;
}
export type TemplateName = keyof TemplateProps;
export const TEMPLATE_NAMES: TemplateName[] = ['account-invitation', 'administrator-invitation'];

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}
