import type { Db } from '@/db/client';
import type { AuditEvent } from '@/db/schema';
import { targetNoun } from '@/lib/activity/action-labels';
import { type NamedTarget, nameTargets, type TargetKind, targetKey, targetKindOf } from '@/lib/activity/target-names';
import type { AdminScope } from '@/lib/auth/scope';
import { formatPhone } from '@/lib/phone';

export type { NamedTarget } from '@/lib/activity/target-names';

/** How many records of one event are named; the rest are counted ("and 997 more"). */
export const NAMED_TARGETS = 3;

export interface TargetSummary {
  /** "3 accounts" */
  count: number;
  noun: string;
  named: NamedTarget[];
  /** The first ids, for records that cannot be named (deleted, or of a kind not looked up). */
  ids: string[];
  /** A few facts from the event's details that are safe to show, e.g. "2 sent, 1 skipped". */
  note: string | null;
}

export type EventForTargets = Pick<AuditEvent, 'action' | 'targetType' | 'targetIds'> & {
  details: Record<string, unknown>;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Names the first few records of each event with one query per kind of record for the whole page
 * (accounts, administrators, organizations, numbers), each restricted to the administrator's scope:
 * a record that has since been deleted or moved out of scope stays unnamed (its id is shown), never
 * revealed. Deleted accounts are named by the usernames their event recorded.
 */
export async function describeTargets(db: Db, admin: AdminScope, events: EventForTargets[]): Promise<TargetSummary[]> {
  const names = await nameTargets(db, admin, wantedTargets(events));
  return events.map((e) => {
    const { named, unnamed } = nameFirstTargets(e, names);
    return {
      count: e.targetIds.length,
      noun: targetNoun(e.targetType, e.targetIds.length),
      named,
      ids: unnamed,
      note: detailsNote(e.action, e.details),
    };
  });
}

/** The ids of the first few targets of every event, by kind of record. */
function wantedTargets(events: EventForTargets[]): Map<TargetKind, Set<string>> {
  const wanted = new Map<TargetKind, Set<string>>();
  for (const e of events) {
    const kind = targetKindOf(e.targetType);
    if (!kind) continue;
    const set = wanted.get(kind) ?? new Set<string>();
    for (const id of e.targetIds.slice(0, NAMED_TARGETS)) if (UUID.test(id)) set.add(id.toLowerCase());
    wanted.set(kind, set);
  }
  return wanted;
}

function nameFirstTargets(
  e: EventForTargets,
  names: Map<string, NamedTarget>,
): { named: NamedTarget[]; unnamed: string[] } {
  const kind = targetKindOf(e.targetType);
  const named: NamedTarget[] = [];
  const unnamed: string[] = [];
  for (const id of e.targetIds.slice(0, NAMED_TARGETS)) {
    const hit = kind ? names.get(targetKey(kind, id)) : undefined;
    if (hit) named.push(hit);
    else unnamed.push(id);
  }
  // A deleted account is named by the username its deletion recorded.
  const usernames = stringList(e.details.usernames ?? (e.details.username ? [e.details.username] : []));
  if (kind === 'account' && unnamed.length > 0 && usernames.length === e.targetIds.length) {
    for (const id of [...unnamed]) {
      const name = usernames[e.targetIds.indexOf(id)];
      if (name) {
        named.push({ label: name });
        unnamed.splice(unnamed.indexOf(id), 1);
      }
    }
  }
  return { named, unnamed };
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.map((v) => (typeof v === 'string' ? v : '')) : [];
}

const count = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** Facts of known actions only: an unknown action's details might name records of another scope. */
function detailsNote(action: string, details: Record<string, unknown>): string | null {
  switch (action) {
    case 'account.invite.resend': {
      const parts: string[] = [];
      const sent = count(details.sent);
      const skipped = count(details.skippedRecent);
      const notFound = count(details.notFound);
      if (sent !== null) parts.push(`${sent} sent`);
      if (skipped) parts.push(`${skipped} skipped (sent less than a minute ago)`);
      if (notFound) parts.push(`${notFound} not found`);
      return parts.length > 0 ? parts.join(', ') : null;
    }
    case 'account.activate':
      return details.reinstall === true ? 'reinstall' : null;
    case 'account.import': {
      const imported = count(details.imported);
      const skipped = count(details.skipped);
      const file = typeof details.fileName === 'string' ? details.fileName.slice(0, 100) : null;
      const parts = [
        file,
        imported !== null ? `${imported} imported` : null,
        skipped !== null ? `${skipped} skipped` : null,
      ];
      return parts.filter(Boolean).join(', ') || null;
    }
    case 'number.add':
      return typeof details.tag === 'string' && details.tag ? `tag ${details.tag}` : null;
    case 'account.create':
    case 'account.create_and_invite':
      return typeof details.number === 'string' ? `number ${formatPhone(details.number) ?? details.number}` : null;
    default:
      return null;
  }
}
