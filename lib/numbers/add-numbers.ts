import { sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import { type Db, queryRows } from '@/db/client';
import { type PhoneNumber, phoneNumbers } from '@/db/schema';
import { pgArray } from '@/db/sql-helpers';
import { organizationCountry } from '@/lib/accounts/add-account';
import { recordAuditEvent, type RequestMeta } from '@/lib/audit/record-audit-event';
import type { AdminScope } from '@/lib/auth/scope';
import { invalid, UserFacingError } from '@/lib/errors';
import {
  type AddNumbersInput,
  addNumbersSchema,
  type AddNumbersValues,
  MAX_NUMBERS_PER_REQUEST,
} from '@/lib/numbers/add-numbers-schema';
import {
  expandRange,
  type InputNumber,
  readNumberList,
  type ReadNumbers,
  repeatedNumbers,
  summarizeProblems,
} from '@/lib/numbers/number-input';
import { formatPhone } from '@/lib/phone';
import { countExistenceChecks, lockAndRequireNumberQuota, requireNumberQuota } from '@/lib/tenant-limits';
import { isUniqueViolation } from '@/db/errors';

export interface AddedNumbers {
  added: number;
  organizationId: string;
  tag: string | null;
}

/** The refusal an administrator who is not an owner gets (docs/product.md#security). */
export const ONLY_OWNERS_ADD_NUMBERS = 'Only an owner can add numbers to the inventory. Ask an owner to add them.';

function refuse(problems: string[]): never {
  const n = problems.length;
  throw new UserFacingError(
    `Nothing was added: ${n.toLocaleString('en-US')} ${n === 1 ? 'problem' : 'problems'} to fix.`,
    {
      problems: summarizeProblems(problems),
    },
  );
}

/** Which of these numbers exist already, anywhere on the platform (where is never said). */
async function existingNumbers(db: Db, e164s: string[]): Promise<Set<string>> {
  const rows = await db
    .select({ e164: phoneNumbers.e164 })
    .from(phoneNumbers)
    .where(sql`${phoneNumbers.e164} = any(${pgArray(e164s)}::text[])`);
  return new Set(rows.map((r) => r.e164));
}

/**
 * One row per number from one array parameter (`unnest`), so a 10,000-number request is one bind
 * parameter, not 10,000.
 */
function insertNumbers(
  tx: Db,
  e164s: string[],
  into: Pick<PhoneNumber, 'organizationId' | 'tag'>,
): Promise<Pick<PhoneNumber, 'id'>[]> {
  const column = (c: AnyPgColumn) => sql.identifier(c.name);
  return queryRows<Pick<PhoneNumber, 'id'>>(
    tx,
    sql`insert into ${phoneNumbers} (${column(phoneNumbers.e164)}, ${column(phoneNumbers.organizationId)}, ${column(phoneNumbers.tag)})
        select v.number, ${into.organizationId}::uuid, ${into.tag}::text
        from unnest(${pgArray(e164s)}::text[]) as v(number)
        returning ${phoneNumbers.id} as "id"`,
  );
}

/** The numbers of the list or the range, refused whole beyond the most one request may add. */
function readInput(input: AddNumbersValues, country: string): ReadNumbers {
  const read =
    input.mode === 'list'
      ? readNumberList(input.list ?? '', country)
      : expandRange(input.first ?? '', input.last ? { last: input.last } : { count: input.count ?? 0 }, country);
  if (read.numbers.length > MAX_NUMBERS_PER_REQUEST) {
    throw new UserFacingError(
      `Nothing was added: at most ${MAX_NUMBERS_PER_REQUEST.toLocaleString('en-US')} numbers at a time (the list has ${read.numbers.length.toLocaleString('en-US')}).`,
    );
  }
  return read;
}

/** Inside the transaction: the quota checked again under its lock, the numbers and their audit event. */
async function insertWithAudit(
  tx: Db,
  admin: AdminScope,
  meta: RequestMeta,
  { input, e164s }: { input: AddNumbersValues; e164s: string[] },
): Promise<string[]> {
  await lockAndRequireNumberQuota(tx, admin.tenantId, e164s.length);
  const rows = await insertNumbers(tx, e164s, input);
  await recordAuditEvent(tx, admin, meta, {
    action: 'number.add',
    targetType: 'phone_number',
    targetIds: rows.map((r) => r.id),
    organizationId: input.organizationId,
    details: {
      count: rows.length,
      tag: input.tag,
      mode: input.mode,
      first: e164s[0],
      last: e164s[e164s.length - 1],
    },
  });
  return rows.map((r) => r.id);
}

/**
 * Add numbers (Numbers page): a pasted list or a range, into one organization in scope, with an
 * optional tag. Only owners add numbers (an admin is refused, after the organization is looked up in
 * scope, so an organization outside it is "not found" for everyone alike), and within the tenant's
 * number quota. Everything is validated first; if any number is invalid, repeated in the input or
 * already exists on the platform, nothing is added and every problem is listed (the first 20, then a
 * count). Asking whether the numbers exist counts against the tenant's daily existence checks
 * (lib/tenant-limits.ts). Otherwise all are inserted in one transaction with the audit event, the
 * quota checked again under the tenant's quota lock, so concurrent requests cannot together exceed it.
 * A number added by someone else meanwhile (a unique violation at insert) ends in the same kind of
 * refusal, naming it.
 */
export async function addNumbers(
  db: Db,
  admin: AdminScope,
  meta: RequestMeta,
  form: AddNumbersInput,
): Promise<AddedNumbers> {
  const parsed = addNumbersSchema.safeParse(form);
  if (!parsed.success) {
    throw invalid(z.flattenError(parsed.error).fieldErrors);
  }
  const input = parsed.data;
  const country = await organizationCountry(db, admin, input.organizationId);
  if (!country) throw invalid({ organizationId: ['Choose an organization.'] });
  if (admin.role !== 'owner') throw new UserFacingError(ONLY_OWNERS_ADD_NUMBERS);

  const read = readInput(input, country);
  const problems = [...read.problems, ...repeatedNumbers(read.numbers)];
  const unique = [...new Map(read.numbers.map((n) => [n.e164, n])).values()];
  const describeExisting = (existing: Set<string>) =>
    unique.filter((n) => existing.has(n.e164)).map((n: InputNumber) => `${formatPhone(n.e164)} already exists.`);
  const e164s = unique.map((n) => n.e164);
  // Refused whole beyond the quota before anything is checked against the platform.
  await requireNumberQuota(db, admin.tenantId, e164s.length);
  if (e164s.length > 0) {
    await countExistenceChecks(db, admin.tenantId, e164s.length);
    problems.push(...describeExisting(await existingNumbers(db, e164s)));
  }
  if (problems.length > 0) refuse(problems);

  try {
    const ids = await db.transaction((tx) => insertWithAudit(tx, admin, meta, { input, e164s }));
    return { added: ids.length, organizationId: input.organizationId, tag: input.tag };
  } catch (error) {
    if (!isUniqueViolation(error, 'phone_numbers_e164_key')) throw error;
    // Someone added some of them between the check and the insert: name them, as the check would have.
    const now = describeExisting(await existingNumbers(db, e164s));
    refuse(now.length > 0 ? now : ['Some of these numbers were added meanwhile by someone else. Try again.']);
  }
}
