/** What each template needs: its props, beside the templates. The outbox stores them (sealed) per message. */

export interface AccountInvitationProps {
  firstName: string;
  lastName: string;
  organizationName: string;
  /** What the user types into the app: their email or device #. */
  username: string;
  /** The activation password, in clear: only inside the sealed outbox payload and the sent message. */
  password: string;
  activationUrl: string;
  /** E.164 of the assigned number, or null when the user picks one at activation. */
  assignedNumber: string | null;
  /** ISO 8601. */
  expiresAt: string;
  appStoreUrl: string;
  playStoreUrl: string;
}

export interface AdministratorInvitationProps {
  name: string;
  organizationName: string;
  role: 'owner' | 'admin';
  invitedByName: string;
  setPasswordUrl: string;
  /** ISO 8601. */
  expiresAt: string;
}
