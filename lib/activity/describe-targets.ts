import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '@/db/client';
import { pgArray } from '@/db/sql-helpers';
import { targetNoun } from '@/lib/activity/action-labels';
import { type AdminScope, inScope } from '@/lib/auth/scope';
import { formatPhone } from '@/lib/phone';

/** How many records of one event are named; the rest are counted ("and 997 more"). */
export const NAMED_TARGETS = 3;

export interface NamedTarget {
  label: string;
  /** The Accounts page filtered to this account, while it exists and is in scope. */
  href?: string;
}

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

interface EventForTargets {
  action: string;
  target_type: string;
  targetIds: string[];
  details: Record<string, unknown>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Names the first few records of each event with one query per kind of record for the whole page
 * (accounts, administrators, organizations, numbers), each restricted to the administrator's scope:
 * a record that has since been deleted or moved out of scope stays unnamed (its id is shown), never
 * revealed. Deleted accounts are named by the usernames their event recorded.
 */
export async function describeTargets(db: Db, admin: AdminScope, events: EventForTargets[]): Promise<TargetSummary[]> {
  const wanted = new Map<Kind, Set<string>>();
  for (const e of events) {
    const kind = kindOf(e.target_type);
    if (!kind) continue;
    const set = wanted.get(kind) ?? new Set<string>();
    for (const id of e.targetIds.slice(0, NAMED_TARGETS)) if (UUID.test(id)) set.add(id.toLowerCase());
    wanted.set(kind, set);
  }
  const names = new Map<string, NamedTarget>();
  await Promise.all([...wanted].map(([kind, ids]) => lookUp(db, admin, kind, [...ids], names)));

  return events.map((e) => {
    const first = e.targetIds.slice(0, NAMED_TARGETS);
    const kind = kindOf(e.target_type);
    const named: NamedTarget[] = [];
    const unnamed: string[] = [];
    for (const id of first) {
      const hit = kind ? names.get(`${kind}:${id.toLowerCase()}`) : undefined;
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
    return {
      count: e.targetIds.length,
      noun: targetNoun(e.target_type, e.targetIds.length),
      named,
      ids: unnamed,
      note: detailsNote(e.action, e.details),
    };
  });
}

type Kind = 'account' | 'administrator' | 'organization' | 'number' | 'permission_group';

function kindOf(targetType: string): Kind | null {
  switch (targetType) {
    case 'account':
    case 'administrator':
    case 'organization':
    case 'permission_group':
      return targetType;
    case 'number':
    case 'phone_number':
      return 'number';
    default:
      return null;
  }
}

async function lookUp(db: Db, admin: AdminScope, kind: Kind, ids: string[], into: Map<string, NamedTarget>) {
  if (ids.length === 0) return;
  const idArray = sql`${pgArray(ids)}::uuid[]`;
  switch (kind) {
    case 'account': {
      const rows = await queryRows<{ id: string; first_name: string; last_name: string; username: string }>(
        db,
        sql`select id, first_name, last_name, coalesce(email, device_number) as username from accounts
            where id = any(${idArray}) and ${inScope(admin, sql`organization_id`)}`,
      );
      for (const r of rows) {
        into.set(`account:${r.id}`, {
          label: `${r.first_name} ${r.last_name}`,
          href: `/accounts?q=${encodeURIComponent(r.username)}`,
        });
      }
      return;
    }
    case 'administrator': {
      const rows = await queryRows<{ id: string; name: string; email: string }>(
        db,
        sql`select id, name, email from administrators
            where id = any(${idArray}) and ${inScope(admin, sql`organization_id`)}`,
      );
      for (const r of rows) into.set(`administrator:${r.id}`, { label: `${r.name} (${r.email})` });
      return;
    }
    case 'organization': {
      const rows = await queryRows<{ id: string; name: string; code: string }>(
        db,
        sql`select id, name, code from organizations where id = any(${idArray}) and ${inScope(admin, sql`id`)}`,
      );
      for (const r of rows) {
        into.set(`organization:${r.id}`, { label: `${r.name} (${r.code})`, href: `/accounts?org=${r.id}` });
      }
      return;
    }
    case 'number': {
      const rows = await queryRows<{ id: string; e164: string }>(
        db,
        sql`select id, e164 from phone_numbers where id = any(${idArray}) and ${inScope(admin, sql`organization_id`)}`,
      );
      for (const r of rows) into.set(`number:${r.id}`, { label: formatPhone(r.e164) ?? r.e164 });
      return;
    }
    case 'permission_group': {
      const rows = await queryRows<{ id: string; name: string }>(
        db,
        sql`select id, name from permission_groups
            where id = any(${idArray}) and ${inScope(admin, sql`organization_id`)}`,
      );
      for (const r of rows) into.set(`permission_group:${r.id}`, { label: r.name });
      return;
    }
  }
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
