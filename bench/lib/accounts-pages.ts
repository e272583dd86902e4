import { sql } from 'drizzle-orm';
import { accounts, type Organization, organizations, phoneNumbers } from '@/db/schema';
import { RARE_LAST_NAME } from './accounts-data';
import { withBenchDb } from './bench-db';
import type { RunningServer } from './server';
import { timedGet, visibleText } from './http';

/** The kinds of page bench:accounts requests (bench/accounts.ts), and what each must show. */

export interface PageKind {
  name: string;
  path: string;
  /** Text the page must contain, so a broken or empty page cannot produce a fast figure. */
  expect: string[];
}

const numberFormat = new Intl.NumberFormat('en-US');

/** The counts the pages must show, computed here with SQL of our own (not the app's query). */
async function expectedCounts(url: string) {
  return withBenchDb(url, async (db) => {
    const [row] = await db.execute<{
      salesId: Organization['id'];
      total: number;
      search: number;
      pending: number;
      sales: number;
      vip: number;
    }>(sql`
      with acme as (
             select ${organizations.id} as "id" from ${organizations}
             where ${organizations.code} = '2000' and ${organizations.parentId} is null),
           sales as (
             select ${organizations.id} as "id", ${organizations.path} as "path" from ${organizations}, acme
             where ${organizations.tenantId} = acme."id" and ${organizations.code} = '2001'),
           scoped as (
             select ${accounts.id} as "id", ${accounts.organizationId} as "organizationId",
                    ${accounts.searchText} as "searchText", ${accounts.status} as "status",
                    ${accounts.invitationExpiresAt} as "invitationExpiresAt"
             from ${accounts} join ${organizations} on ${organizations.id} = ${accounts.organizationId}, acme
             where ${organizations.tenantId} = acme."id")
      select (select "id" from sales) as "salesId",
        (select count(*)::int from scoped) as "total",
        (select count(*)::int from scoped where "searchText" like ${`%${RARE_LAST_NAME.toLowerCase()}%`}) as "search",
        (select count(*)::int from scoped where "status" = 'invited' and "invitationExpiresAt" >= now()) as "pending",
        (select count(*)::int from scoped join ${organizations} on ${organizations.id} = scoped."organizationId", sales
          where ${organizations.path} like sales."path" || '%') as "sales",
        (select count(*)::int from scoped
          where "id" in (select ${phoneNumbers.accountId} from ${phoneNumbers} where ${phoneNumbers.tag} = 'VIP')) as "vip"`);
    return row!;
  });
}

function showing(total: number): string {
  return `Showing 1–${numberFormat.format(Math.min(50, total))} of ${numberFormat.format(total)} accounts`;
}

/** The five kinds of Accounts page, each expecting its count, and the floor (`/profile`). */
export async function accountsPages(
  url: string,
  owner: { email: string; name: string },
): Promise<{ pages: PageKind[]; floor: PageKind }> {
  const expected = await expectedCounts(url);
  const pages: PageKind[] = [
    { name: 'first page', path: '/accounts', expect: [showing(expected.total)] },
    {
      name: `search "${RARE_LAST_NAME.toLowerCase()}"`,
      path: `/accounts?q=${RARE_LAST_NAME.toLowerCase()}`,
      expect: [showing(expected.search)],
    },
    { name: 'status=pending', path: '/accounts?status=pending', expect: [showing(expected.pending)] },
    { name: 'org=Sales', path: `/accounts?org=${expected.salesId}`, expect: [showing(expected.sales)] },
    { name: 'tag=VIP', path: '/accounts?tag=VIP', expect: [showing(expected.vip)] },
  ];
  for (const kind of pages) kind.expect.push(owner.name, 'User Permissions');
  const floor: PageKind = {
    name: 'floor /profile',
    path: '/profile',
    expect: ['Your profile', owner.email, owner.name],
  };
  return { pages, floor };
}

/** Requests a page and answers its time, after checking it answered 200 with every expected text. */
export async function timedPage(server: RunningServer, cookie: string, kind: PageKind): Promise<number> {
  const res = await timedGet(`${server.baseUrl}${kind.path}`, cookie);
  if (res.status !== 200) {
    throw new Error(
      `${kind.path} answered ${res.status}${res.location ? ` → ${res.location}` : ''}\n${server.logTail()}`,
    );
  }
  const text = visibleText(res.body);
  const missing = kind.expect.filter((e) => !text.includes(e));
  if (missing.length > 0) {
    const found = /Showing [^a-z]*? of [\d,]+ accounts?/.exec(text)?.[0] ?? '(no "Showing" line)';
    throw new Error(
      `${kind.path} does not contain ${missing.map((m) => JSON.stringify(m)).join(', ')}; it says ${found}`,
    );
  }
  return res.ms;
}
