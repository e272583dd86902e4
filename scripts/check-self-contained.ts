/**
 * Part of `npm run lint`: the repository must stand alone for anyone who clones it, so no tracked
 * file (nor a new one not yet added) may point outside it: not to a folder beside the checkout, nor to a path of one particular
 * machine (a home folder, a workspace root). System paths such as /usr/bin/chromium are fine.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const FORBIDDEN: { pattern: RegExp; what: string }[] = [
  { pattern: /\.\.\/shared\b/, what: 'a folder beside the checkout' },
  { pattern: /(^|[\s'"`(=:])\/work\//, what: 'a workspace root of one machine' },
  { pattern: /(^|[\s'"`(=:])\/(home|Users)\/[A-Za-z]/, what: 'a home folder' },
  { pattern: /\b[A-Z]:\\\\?(Users|Documents and Settings)\\/, what: 'a Windows home folder' },
  { pattern: /\bSPEC(\.md| ?§)/, what: 'a specification that is not in the repository (docs/product.md is)' },
];
const SKIPPED = new Set(['package-lock.json', 'scripts/check-self-contained.ts']);

let files: string[];
try {
  files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { encoding: 'utf8' })
    .split('\0')
    .filter(Boolean);
} catch {
  console.log('check-self-contained: not a git checkout, nothing to check.');
  process.exit(0);
}

const problems: string[] = [];
for (const file of files) {
  if (SKIPPED.has(file)) continue;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    continue; // deleted in the work tree
  }
  if (text.includes('\0')) continue; // binary
  text.split('\n').forEach((line, index) => {
    for (const { pattern, what } of FORBIDDEN) {
      if (pattern.test(line)) problems.push(`${file}:${index + 1}: ${what}: ${line.trim().slice(0, 120)}`);
    }
  });
}

if (problems.length > 0) {
  console.error(`These tracked files point outside the repository:\n${problems.join('\n')}`);
  process.exit(1);
}
console.log(`check-self-contained: ${files.length} tracked files, none points outside the repository.`);
