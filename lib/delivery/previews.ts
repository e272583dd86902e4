import AccountInvitationEmail from '@/emails/account-invitation';
import AdministratorInvitationEmail from '@/emails/administrator-invitation';
import type { TemplateName, TemplateProps } from '@/lib/delivery/types';

/** Every template with its preview props, and the variants worth looking at. */
export const EMAIL_PREVIEWS: {
  [K in string]: { template: TemplateName; title: string; props: TemplateProps[TemplateName] };
} = {
  'account-invitation': {
    template: 'account-invitation',
    title: 'Account invitation, with an assigned number',
    props: AccountInvitationEmail.PreviewProps,
  },
  'account-invitation-choose-number': {
    template: 'account-invitation',
    title: 'Account invitation, the user chooses a number',
    props: { ...AccountInvitationEmail.PreviewProps, assignedNumber: null },
  },
  'administrator-invitation': {
    template: 'administrator-invitation',
    title: 'Administrator invitation',
    props: AdministratorInvitationEmail.PreviewProps,
  },
};
