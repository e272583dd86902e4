import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { bareNames, checkSource, schemaNames } from '../../scripts/check-sql-identifiers';

const names = schemaNames();

describe('the lint check that sql templates name the schema only through interpolation', () => {
  it('knows the tables and columns of the schema by their SQL names', () => {
    for (const name of ['accounts', 'outbox_messages', 'import_rows', 'organization_id', 'status']) {
      assert.ok(names.has(name), `${name} is a schema name`);
    }
  });

  it('finds tables and columns written as text', () => {
    assert.deepEqual(bareNames('update outbox_messages set status = $ where id = $', names), [
      'outbox_messages',
      'status',
      'id',
    ]);
    assert.deepEqual(bareNames('select a.organization_id from $ a', names), ['organization_id']);
  });

  it('leaves keywords, function calls, casts, string literals, comments and quoted aliases alone', () => {
    assert.deepEqual(
      bareNames(
        `select count(*)::int as "status", $ = any($::uuid[]) -- status of accounts
         from $ where $ = 'invited' and $ <> 'accounts'`,
        names,
      ),
      [],
    );
  });

  it('reports the file and line of an offending template, and nothing for an interpolated one', () => {
    const source = [
      "import { sql } from 'drizzle-orm';",
      'const good = sql`select ${accounts.id} from ${accounts} where ${accounts.status} = ${status}`;',
      'const bad = sql<number>`select count(*) from accounts where status = ${status}`;',
    ].join('\n');
    assert.deepEqual(checkSource('lib/example.ts', source, names), [
      'lib/example.ts:3: schema names written as bare text in sql: accounts, status',
    ]);
  });
});
