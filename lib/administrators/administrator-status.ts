import type { AdminRole } from './administrator-schemas';

/** What the Administrators table shows; "expired" is derived: invited, and the current link has expired. */
export type AdministratorStatus = 'active' | 'invited' | 'expired';

export const ADMINISTRATOR_STATUS_LABELS: Record<AdministratorStatus, string> = {
  active: 'Active',
  invited: 'Invited',
  expired: 'Invitation expired',
};

export interface AdministratorRow {
  id: string;
  name: string;
  email: string;
  role: AdminRole;
  organizationName: string;
  organizationCode: string;
  status: AdministratorStatus;
  /** The current invitation's delivery state, while the administrator has not set a password. */
  deliveryState: string | null;
  lastSignInAt: Date | null;
  isSelf: boolean;
}
