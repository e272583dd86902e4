import type { Administrator, Invitation, Organization } from '@/db/schema';

/** What the Administrators table shows; "expired" is derived: invited, and the current link has expired. */
export type AdministratorStatus = 'active' | 'invited' | 'expired';

export const ADMINISTRATOR_STATUS_LABELS: Record<AdministratorStatus, string> = {
  active: 'Active',
  invited: 'Invited',
  expired: 'Invitation expired',
};

export interface AdministratorRow extends Pick<Administrator, 'id' | 'name' | 'email' | 'role' | 'lastSignInAt'> {
  organizationName: Organization['name'];
  organizationCode: Organization['code'];
  status: AdministratorStatus;
  /** The current invitation's delivery state, while the administrator has not set a password. */
  deliveryState: Invitation['deliveryState'] | null;
  isSelf: boolean;
}
