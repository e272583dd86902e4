import { expect, test } from '@playwright/test';
import { buildEntryPoints } from '../helpers/e2e/matrix/entry-points';
import { REGISTRY } from '../helpers/e2e/matrix/registry';
import { EXCLUDED_ROWS } from '../helpers/e2e/matrix/snapshot';
import { MatrixWorld, PHASES, ROLES } from '../helpers/e2e/matrix/world';

// Every server action and route handler of the build (from its manifests), called with valid-looking
// input naming real records of Acme › Support, as each role below: each call must change nothing and
// reveal nothing (docs/product.md#security). The matrix runs on a server and database of its own
// (tests/helpers/e2e/matrix/): on Postgres the database is compared around every call; PGlite can be
// read only with the server stopped, so there it is compared after each phase of roles.

const build = buildEntryPoints();
const order = Object.keys(REGISTRY);
// In the registry's order: reads first, destructive calls last.
const known = build.filter((e) => e.key in REGISTRY).sort((a, b) => order.indexOf(a.key) - order.indexOf(b.key));
const size = `authorization matrix: ${known.length} entry points × ${ROLES.length} roles = ${known.length * ROLES.length} calls`;
const label = (key: string) => ROLES.find((r) => r.key === key)!.label;

test('the matrix knows every server action and route handler of the build, and only those', async ({}, testInfo) => {
  console.log(size);
  testInfo.annotations.push({ type: 'matrix', description: size });
  await testInfo.attach('authorization matrix', { body: size, contentType: 'text/plain' });
  const unknown = build.filter((e) => !(e.key in REGISTRY)).map((e) => e.key);
  const missing = order.filter((key) => !build.some((e) => e.key === key));
  expect(
    unknown,
    'Entry points of the build that the authorization matrix does not know: give each a call in tests/helpers/e2e/matrix/registry.ts',
  ).toEqual([]);
  expect(missing, 'Entries of tests/helpers/e2e/matrix/registry.ts that the build does not have').toEqual([]);
});

test.describe('Authorization matrix', () => {
  let world: MatrixWorld | undefined;

  test.beforeAll(async ({ browser }, testInfo) => {
    testInfo.setTimeout(180_000);
    world = await MatrixWorld.create(browser);
  });

  test.afterAll(async () => {
    await world?.dispose();
    world = undefined;
  });

  for (const phase of PHASES) {
    for (const role of phase) {
      // On PGlite, "changes nothing" is checked by the phase's test that follows.
      test(`as ${label(role)}: every entry point changes nothing and reveals nothing`, async ({}, testInfo) => {
        test.setTimeout(120_000);
        const calls = await world!.run(role, known);
        const compared = world!.perCall
          ? 'the database compared around every call (Postgres)'
          : 'the database compared after the phase (PGlite)';
        const report = [
          `${label(role)}: ${calls.length} calls, ${compared}`,
          ...calls.map(
            (c) =>
              `${c.problems.length === 0 ? 'pass' : 'FAIL'}  ${String(c.status).padStart(3)}  ${String(c.ms).padStart(5)} ms  ${c.key}` +
              c.problems.map((p) => `\n      ${p}`).join(''),
          ),
        ].join('\n');
        await testInfo.attach(`matrix row: ${label(role)}`, { body: report, contentType: 'text/plain' });
        const failures = calls
          .filter((c) => c.problems.length > 0)
          .map((c) => `${c.key} (${c.status}): ${c.problems.join('; ')}`);
        expect(failures, `${label(role)}: calls that changed or revealed something\n${report}`).toEqual([]);
      });
    }

    const roles = phase.map(label).join('; ');
    test(`the database is unchanged after the calls of: ${roles}`, async () => {
      test.setTimeout(120_000);
      const changes = await world!.settle(phase, known);
      expect(
        changes,
        `Changed by the calls of: ${roles} (not compared: ${Object.entries(EXCLUDED_ROWS)
          .map(([table, { compared, why }]) => `the rows of ${table} but those where ${compared}, because ${why}`)
          .join('; ')})`,
      ).toEqual([]);
    });
  }
});
