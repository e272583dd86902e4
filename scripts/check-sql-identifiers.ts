/**
 * Part of `npm run lint`: the schema is the contract. Inside a `sql` template no table or column of
 * `db/schema.ts` may appear as bare text: it is interpolated from the schema (`${accounts.status}`,
 * `${accounts}`), so that renaming or mistyping one fails to compile instead of failing at run time.
 *
 * What is not a schema name is left alone: SQL keywords, function calls (`count(…)`), casts
 * (`::uuid[]`), string literals ('invited') and double-quoted aliases (`as "organizationId"`), which is
 * how raw rows are given the schema's camelCase keys.
 */
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import ts from 'typescript';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import * as schema from '../db/schema';

const ROOTS = ['lib/', 'app/', 'db/', 'scripts/', 'bench/'];
const SKIPPED = new Set(['db/schema.ts']);

export function schemaNames(): Set<string> {
  const names = new Set<string>();
  for (const value of Object.values(schema)) {
    if (!(value instanceof PgTable)) continue;
    const config = getTableConfig(value);
    names.add(config.name);
    for (const column of config.columns) names.add(column.name);
  }
  return names;
}

/** The bare schema names in the static text of one `sql` template. */
export function bareNames(text: string, names: Set<string>): string[] {
  const stripped = text
    .replace(/--[^\n]*/g, ' ')
    .replace(/'(?:[^']|'')*'/g, "''")
    .replace(/"(?:[^"]|"")*"/g, '""');
  const found: string[] = [];
  const word = /[A-Za-z_][A-Za-z0-9_]*/g;
  let match: RegExpExecArray | null;
  while ((match = word.exec(stripped))) {
    const token = match[0];
    if (!names.has(token)) continue;
    const before = stripped.slice(0, match.index).trimEnd();
    const after = stripped.slice(match.index + token.length).trimStart();
    if (before.endsWith('::')) continue; // a cast to a type
    if (after.startsWith('(')) continue; // a function call
    found.push(token);
  }
  return found;
}

function isSqlTag(tag: ts.Expression): boolean {
  return ts.isIdentifier(tag) && tag.text === 'sql';
}

export function checkSource(file: string, source: string, names: Set<string>): string[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const problems: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isTaggedTemplateExpression(node) && isSqlTag(node.tag)) {
      const template = node.template;
      const parts = ts.isNoSubstitutionTemplateLiteral(template)
        ? [template.text]
        : [template.head.text, ...template.templateSpans.map((span) => span.literal.text)];
      // Each interpolation stands for a value or an identifier: a space keeps the parts apart.
      const found = bareNames(parts.join(' $ '), names);
      if (found.length > 0) {
        const { line } = sf.getLineAndCharacterOfPosition(node.getStart());
        problems.push(
          `${file}:${line + 1}: schema names written as bare text in sql: ${[...new Set(found)].join(', ')}`,
        );
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return problems;
}

function main(): void {
  let files: string[];
  try {
    files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { encoding: 'utf8' })
      .split('\0')
      .filter((f) => /\.(ts|tsx)$/.test(f) && ROOTS.some((root) => f.startsWith(root)) && !SKIPPED.has(f));
  } catch {
    console.log('check-sql-identifiers: not a git checkout, nothing to check.');
    return;
  }
  const names = schemaNames();
  const problems: string[] = [];
  for (const file of files) {
    let source: string;
    try {
      source = readFileSync(file, 'utf8');
    } catch {
      continue; // deleted in the work tree
    }
    if (!source.includes('sql`') && !source.includes('sql<')) continue;
    problems.push(...checkSource(file, source, names));
  }
  if (problems.length > 0) {
    console.error(problems.join('\n'));
    console.error(
      `\ncheck-sql-identifiers: ${problems.length} sql template(s) name tables or columns as text; interpolate them from db/schema.ts.`,
    );
    process.exit(1);
  }
  console.log(`check-sql-identifiers: ${files.length} files, no schema name written as text in sql.`);
}

if (process.argv[1]?.endsWith('check-sql-identifiers.ts')) main();
