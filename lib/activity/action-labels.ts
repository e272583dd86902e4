/**
 * Readable names of audit actions. Pages and actions added later write their own action names; any
 * action missing here is shown by `actionLabel`'s fallback ("number.retag" → "Number: retag"), so a
 * new action is never hidden, only less polished until it gets a label.
 */
export const ACTION_LABELS: Record<string, string> = {
  'admin.sign_in': 'Signed in',
  'account.create': 'Added account (saved, not invited)',
  'account.create_and_invite': 'Added and invited account',
  'account.invite': 'Invited accounts',
  'account.invite.resend': 'Resent invitation',
  'account.update': 'Edited account',
  'account.invite.send': 'Sent invitation',
  'account.suspend': 'Suspended accounts',
  'account.reinstate': 'Reinstated accounts',
  'account.invite.reminder': 'Sent automatic reminder',
  'account.assign_number': 'Assigned number',
  'account.delete': 'Deleted accounts',
  'account.move': 'Moved accounts',
  'account.import': 'Imported accounts',
  'account.activate': 'Account activated',
  'administrator.invite': 'Invited administrator',
  'administrator.resend_invite': 'Resent administrator invitation',
  'administrator.remove': 'Removed administrator',
  'administrator.set_password': 'Administrator set a password',
  'organization.create': 'Created organization',
  'organization.rename': 'Renamed organization',
  'organization.single_use_invitations': 'Changed single-use invitations',
  'number.add': 'Added numbers',
  'number.retag': 'Retagged numbers',
  'number.move': 'Moved numbers',
  'number.tag_reserve': 'Reserved tag',
  'number.tag_unreserve': 'Ended tag reservation',
  'permission_group.create': 'Created permission group',
  'permission_group.rename': 'Renamed permission group',
  'permission_group.set_default': 'Changed default permission group',
  'permission_group.delete': 'Deleted permission group',
};

/**
 * Who acted when no administrator did: the system for the automatic reminder (decided on the drainer's
 * schedule), otherwise the invited user (an activation).
 */
export function actorWithoutAdministrator(action: string): string {
  return action === 'account.invite.reminder' ? 'System (automatic reminder)' : 'The user (activation)';
}

const AREA_LABELS: Record<string, string> = {
  admin: 'Administrator',
  administrator: 'Administrator',
  account: 'Account',
  number: 'Number',
  organization: 'Organization',
  permission_group: 'Permission group',
};

const words = (s: string) => s.replace(/[_-]+/g, ' ').trim();

/** The label of an action, or a readable fallback built from its name. */
export function actionLabel(action: string): string {
  const known = ACTION_LABELS[action];
  if (known) return known;
  const [area = '', ...rest] = action.split('.');
  const areaLabel = AREA_LABELS[area] ?? capitalize(words(area));
  return rest.length > 0 ? `${areaLabel}: ${rest.map(words).join(' ')}` : areaLabel;
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Plural nouns of target types, for "3 accounts". */
const TARGET_NOUNS: Record<string, [string, string]> = {
  account: ['account', 'accounts'],
  administrator: ['administrator', 'administrators'],
  organization: ['organization', 'organizations'],
  number: ['number', 'numbers'],
  phone_number: ['number', 'numbers'],
  permission_group: ['permission group', 'permission groups'],
  import: ['import', 'imports'],
};

export function targetNoun(targetType: string, n: number): string {
  const nouns = TARGET_NOUNS[targetType] ?? [words(targetType), `${words(targetType)}s`];
  return n === 1 ? nouns[0] : nouns[1];
}
