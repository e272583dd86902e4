import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import { parseContact } from '@/lib/accounts/contact';
import { deviceNumberCandidates, usernameThrottleKey } from '@/lib/activation/phone-input';
import { MAX_NUMBERS_PER_REQUEST } from '@/lib/numbers/add-numbers-schema';
import { expandRange, readNumberList } from '@/lib/numbers/number-input';
import { countryCallingCode, toE164 } from '@/lib/phone';
import { anyText, checkProperty, FuzzTally } from '../helpers/fuzz';

/*
 * Fuzzing the phone readers: lib/phone.ts (toE164, the one reader everything goes through),
 * lib/accounts/contact.ts (Email or Device #), lib/activation/phone-input.ts (the activation username)
 * and lib/numbers/number-input.ts (pasted lists and ranges of numbers). None may throw; a number one of
 * them accepts is E.164 ("+" and at most 15 digits), and reading that E.164 again, in any country,
 * gives the same number.
 */

const tally = new FuzzTally('phone reader');
after(() => tally.report());

const E164 = /^\+[1-9]\d{1,14}$/;
const COUNTRIES = ['US', 'CA', 'GB', 'DE', 'FR', 'CH', 'IN', 'BR', 'AU', 'JP', 'NZ', 'ZA', 'MX', 'NL', 'IT', 'ES'];
/** What a tenant's default_country column could hold by mistake: the readers must not throw on it. */
const JUNK_COUNTRIES = ['', 'XX', 'zz', 'us', 'USA', '1', '__proto__', 'constructor', 'toString', ' US', 'ÜS'];
const country = fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...COUNTRIES) }, fc.constantFrom(...JUNK_COUNTRIES));
const realCountry = fc.constantFrom(...COUNTRIES);

/** Pieces phone numbers are written with, and what people paste by mistake around them. */
const PHONE_PIECES = [
  ...'0123456789'.split(''),
  '0',
  '00',
  '+',
  '+1',
  '+44',
  '+49',
  '011',
  ' ',
  '(',
  ')',
  '-',
  '.',
  '/',
  ' ext. ',
  'x',
  '#',
  '*',
  ';ext=',
  'tel:',
  '\u00a0',
  '\u2011',
  '\u200e',
  '０',
  '５',
  '９',
  '٣',
  '۵',
  'A',
  'e',
  'E+',
  '@',
  '\t',
  '\n',
  '\u0000',
];
const digitish = fc.array(fc.constantFrom(...PHONE_PIECES), { maxLength: 30 }).map((parts) => parts.join(''));

/** A plausible number: a calling code and a national number of a realistic length, in some format. */
const plausible = fc
  .record({
    code: fc.constantFrom('1', '44', '49', '33', '41', '91', '55', '61', '81', '64', '27', '52', '31', '39', '34'),
    national: fc.stringMatching(/^[1-9]\d{6,11}$/),
    style: fc.constantFrom('+', '00', '', 'national', 'spaced', 'dashed', 'parens'),
  })
  .map(({ code, national, style }) => {
    switch (style) {
      case '+':
        return `+${code}${national}`;
      case '00':
        return `00${code}${national}`;
      case '':
        return `${code}${national}`;
      case 'national':
        return `0${national}`;
      case 'spaced':
        return `+${code} ${national.slice(0, 3)} ${national.slice(3, 6)} ${national.slice(6)}`;
      case 'dashed':
        return `${national.slice(0, 3)}-${national.slice(3, 6)}-${national.slice(6)}`;
      default:
        return `+${code} (${national.slice(0, 3)}) ${national.slice(3)}`;
    }
  });

const phoneInput = fc.oneof(anyText(60), digitish, plausible);

/** An accepted number: E.164, and the same number again when read back in any country. */
function assertNormalized(e164: string, where: string): void {
  assert.match(e164, E164, `${where}: not E.164`);
  for (const c of ['US', 'GB', 'DE', 'JP']) assert.equal(toE164(e164, c), e164, `${where}: reads back in ${c}`);
  assert.equal(toE164(` ${e164} `, 'FR'), e164, `${where}: with blanks around it`);
}

describe('fuzz: phone readers never throw, and what they accept is E.164 and reads back as itself', () => {
  it('toE164 (lib/phone.ts)', () => {
    let accepted = 0;
    checkProperty(
      tally,
      'toE164',
      fc.property(phoneInput, country, (raw, c) => {
        const e164 = toE164(raw, c);
        if (e164 === null) return;
        accepted++;
        assertNormalized(e164, `toE164(${JSON.stringify(raw)}, ${JSON.stringify(c)})`);
        assert.equal(toE164(e164, c), e164);
      }),
      4000,
    );
    // The generators must reach the accepting paths, or the property says little.
    assert.ok(accepted > 200, `only ${accepted} inputs were accepted`);
  });

  it('countryCallingCode: digits or null, for any country string', () => {
    checkProperty(
      tally,
      'countryCallingCode',
      fc.property(fc.oneof(country, anyText(8)), (c) => {
        const code = countryCallingCode(c);
        assert.ok(code === null || /^[1-9]\d{0,3}$/.test(code), `countryCallingCode(${JSON.stringify(c)}) = ${code}`);
      }),
      1000,
    );
  });

  it('parseContact (Email or Device #, lib/accounts/contact.ts)', () => {
    const contactInput = fc.oneof(
      phoneInput,
      fc.emailAddress(),
      fc.emailAddress().map((e) => ` ${e.toUpperCase()} `),
      fc.tuple(anyText(20), fc.constantFrom('@', '@@'), anyText(20)).map((parts) => parts.join('')),
    );
    checkProperty(
      tally,
      'parseContact',
      fc.property(contactInput, realCountry, (raw, c) => {
        const contact = parseContact(raw, c);
        if (contact === null) return;
        if (contact.email !== null) {
          assert.equal(contact.deviceNumber, null);
          assert.equal(contact.email, contact.email.toLowerCase());
          assert.equal(contact.email, contact.email.trim());
          assert.ok(contact.email.includes('@'));
          assert.deepEqual(parseContact(contact.email, c), contact, 'an accepted email reads back as itself');
        } else {
          assertNormalized(contact.deviceNumber, `parseContact(${JSON.stringify(raw)})`);
          assert.deepEqual(parseContact(contact.deviceNumber, c), contact, 'an accepted number reads back as itself');
        }
      }),
      3000,
    );
  });

  it('deviceNumberCandidates and usernameThrottleKey (the activation username)', () => {
    const username = fc.oneof(phoneInput, fc.emailAddress(), anyText(254));
    checkProperty(
      tally,
      'activation username',
      fc.property(username, fc.uniqueArray(country, { maxLength: 4 }), (raw, countries) => {
        const candidates = deviceNumberCandidates(raw, countries);
        assert.equal(new Set(candidates).size, candidates.length, 'no candidate twice');
        if (raw.trim().startsWith('+')) assert.ok(candidates.length <= 1, 'a +number stands for itself only');
        for (const candidate of candidates) {
          assertNormalized(candidate, `deviceNumberCandidates(${JSON.stringify(raw)})`);
          // The E.164 form of a candidate names the same account.
          assert.deepEqual(deviceNumberCandidates(candidate, countries), [candidate]);
        }
        const key = usernameThrottleKey(raw);
        assert.equal(typeof key, 'string');
        if (raw.includes('@')) assert.equal(key, raw.trim().toLowerCase());
        // Case and blanks around it do not make another key.
        assert.equal(usernameThrottleKey(`  ${raw.toLowerCase()}\t`), usernameThrottleKey(raw.toLowerCase()));
      }),
      3000,
    );
  });

  it(
    'one phone number written nationally or internationally is one throttle key',
    {
      todo:
        'usernameThrottleKey keeps the digits as typed: "(415) 555-0100" and "+1 415 555 0100" name the same ' +
        'account (deviceNumberCandidates) under two keys, so each spelling gets its own attempts. Reported, not fixed: ' +
        'the key would need the tenant countries, which activateAccount reads after counting the attempt.',
    },
    () => {
      checkProperty(
        tally,
        'throttle key per number',
        fc.property(plausible, realCountry, (raw, c) => {
          const candidates = deviceNumberCandidates(raw, [c]);
          if (candidates.length !== 1) return;
          const [e164] = candidates as [string];
          assert.equal(usernameThrottleKey(raw), usernameThrottleKey(e164), `${raw} and ${e164}`);
        }),
        1000,
      );
    },
  );

  it('readNumberList (a pasted list of numbers)', () => {
    const list = fc.oneof(
      anyText(300),
      fc.array(fc.oneof(plausible, digitish, anyText(12)), { maxLength: 25 }).chain((pieces) =>
        fc
          .array(fc.constantFrom('\n', '\r\n', '\r', ',', ';', '\t', ' ', '  '), {
            minLength: pieces.length,
            maxLength: pieces.length,
          })
          .map((separators) => pieces.map((p, i) => p + separators[i]).join('')),
      ),
    );
    checkProperty(
      tally,
      'readNumberList',
      fc.property(list, realCountry, (text, c) => {
        const { numbers, problems } = readNumberList(text, c);
        assert.ok(numbers.length + problems.length > 0, 'something is said about any input');
        const lineCount = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/).length;
        for (const n of numbers) {
          assertNormalized(n.e164, `readNumberList(${JSON.stringify(text)})`);
          assert.ok(Number.isInteger(n.line) && n.line >= 1 && n.line <= lineCount, `line ${n.line}`);
        }
        for (const problem of problems) assert.ok(typeof problem === 'string' && problem.length > 0);
      }),
      2000,
    );
  });

  it('expandRange (a range of numbers: first, and a count or a last number)', () => {
    const count = fc.oneof(
      { weight: 4, arbitrary: fc.integer({ min: -5, max: 60 }) },
      fc.constantFrom(
        Number.NaN,
        Number.POSITIVE_INFINITY,
        Number.NEGATIVE_INFINITY,
        -0,
        0.5,
        1.5,
        MAX_NUMBERS_PER_REQUEST + 1,
        Number.MAX_SAFE_INTEGER,
        1e308,
      ),
      fc.double(),
    );
    const end = fc.oneof(
      count.map((n) => ({ count: n })),
      phoneInput.map((value) => ({ last: value })),
      // Close to the first number, so that most ranges are valid and short.
      fc.integer({ min: -5, max: 60 }).map((delta) => ({ delta })),
    );
    checkProperty(
      tally,
      'expandRange',
      fc.property(phoneInput, end, realCountry, (first, to, c) => {
        let range: { count: number } | { last: string };
        if ('delta' in to) {
          const start = toE164(first, c);
          range = { last: start ? `+${(BigInt(start.slice(1)) + BigInt(to.delta)).toString()}` : first };
        } else range = to;
        const { numbers, problems } = expandRange(first, range, c);
        assert.ok(numbers.length <= MAX_NUMBERS_PER_REQUEST);
        for (const problem of problems) assert.ok(typeof problem === 'string' && problem.length > 0);
        for (let i = 0; i < numbers.length; i++) {
          const n = numbers[i]!;
          assertNormalized(n.e164, `expandRange(${JSON.stringify(first)})`);
          assert.equal(n.line, 0);
          if (i > 0) assert.ok(BigInt(n.e164.slice(1)) > BigInt(numbers[i - 1]!.e164.slice(1)), 'counting up');
        }
      }),
      2000,
    );
  });
});
