import { sql } from 'drizzle-orm';
import type { Db } from '@/db/client';

/** `count` consecutive E.164 numbers: `prefix` then `from`, `from + 1`, … padded to four digits. */
export function e164Range(prefix: string, from: number, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}${String(from + i).padStart(4, '0')}`);
}

/**
 * Adds `count` unassigned numbers to an organization, in one statement: `prefix` (such as '+1646')
 * followed by 1, 2, … padded to a North American number (+1 and ten digits).
 */
export async function insertNumbers(db: Db, organizationId: string, prefix: string, count: number): Promise<void> {
  const width = 12 - prefix.length;
  await db.execute(sql`insert into phone_numbers (e164, organization_id)
    select ${prefix}::text || lpad(i::text, ${width}::int, '0'), ${organizationId}::uuid
    from generate_series(1, ${count}::int) i`);
}
