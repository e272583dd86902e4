import { formatPhone, toE164 } from '@/lib/phone';
import { MAX_NUMBERS_PER_REQUEST } from '@/lib/numbers/add-numbers-schema';

/** A number read from the administrator's input, with where it came from (for the messages). */
export interface InputNumber {
  e164: string;
  /** 1-based line of a pasted list; 0 for a range. */
  line: number;
}

export interface ReadNumbers {
  numbers: InputNumber[];
  /** Each problem in the administrator's words, in input order. */
  problems: string[];
}

/** How many problems a refusal lists; the rest are counted. */
export const PROBLEMS_SHOWN = 20;

const quote = (raw: string) => `“${raw.length > 40 ? `${raw.slice(0, 40)}…` : raw}”`;

/**
 * Reads a pasted list: one number a line, or several separated by commas, semicolons, tabs or spaces.
 * A piece that reads whole as one number is one number ("(415) 555-0100", "+44 20 7946 0958"); one
 * that does not is split at spaces, and is reported as a whole when any part fails, so a national
 * number is never silently cut into several. National formats are read in the tenant's country.
 */
export function readNumberList(text: string, country: string): ReadNumbers {
  const numbers: InputNumber[] = [];
  const problems: string[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  lines.forEach((lineText, index) => {
    const line = index + 1;
    // A "+" starts a new number even after a space: "+1 212 555 0100 +1 212 555 0101".
    const pieces = lineText
      .split(/[,;\t]|\s+(?=\+)/)
      .map((p) => p.trim())
      .filter(Boolean);
    for (const piece of pieces) {
      const whole = toE164(piece, country);
      if (whole) {
        numbers.push({ e164: whole, line });
        continue;
      }
      const parts = piece.split(/\s+/);
      const read = parts.length > 1 ? parts.map((p) => toE164(p, country)) : [null];
      if (read.every((e): e is string => e !== null)) {
        for (const e164 of read) numbers.push({ e164, line });
      } else {
        problems.push(`Line ${line}: ${quote(piece)} is not a valid phone number.`);
      }
    }
  });
  if (numbers.length === 0 && problems.length === 0) problems.push('Paste at least one number.');
  return { numbers, problems };
}

/**
 * A range: the first number and either how many, or the last number (inclusive). The E.164 digits
 * count up; every number in it must be a valid phone number. At most MAX_NUMBERS_PER_REQUEST.
 */
export function expandRange(first: string, end: { count: number } | { last: string }, country: string): ReadNumbers {
  const start = toE164(first, country);
  if (!start) return { numbers: [], problems: [`The first number ${quote(first)} is not a valid phone number.`] };
  const startValue = BigInt(start.slice(1));
  let count: number;
  if ('count' in end) {
    count = end.count;
  } else {
    const last = toE164(end.last, country);
    if (!last) return { numbers: [], problems: [`The last number ${quote(end.last)} is not a valid phone number.`] };
    const lastValue = BigInt(last.slice(1));
    if (last.length !== start.length || lastValue < startValue) {
      return {
        numbers: [],
        problems: ['The last number must have as many digits as the first and must not come before it.'],
      };
    }
    const span = lastValue - startValue + 1n;
    if (span > BigInt(MAX_NUMBERS_PER_REQUEST)) {
      return {
        numbers: [],
        problems: [
          `A range holds at most ${MAX_NUMBERS_PER_REQUEST.toLocaleString('en-US')} numbers; this one holds ${span.toLocaleString('en-US')}.`,
        ],
      };
    }
    count = Number(span);
  }
  if (count < 1 || count > MAX_NUMBERS_PER_REQUEST || !Number.isInteger(count)) {
    return {
      numbers: [],
      problems: [`A range holds 1 to ${MAX_NUMBERS_PER_REQUEST.toLocaleString('en-US')} numbers.`],
    };
  }
  const numbers: InputNumber[] = [];
  const problems: string[] = [];
  const digits = start.length - 1;
  for (let i = 0; i < count; i++) {
    const value = (startValue + BigInt(i)).toString();
    if (value.length !== digits) {
      problems.push(`The range runs past +${'9'.repeat(digits)}: it has fewer numbers than asked for.`);
      break;
    }
    const e164 = toE164(`+${value}`, country);
    if (e164 === `+${value}`) numbers.push({ e164, line: 0 });
    else problems.push(`+${value} is not a valid phone number.`);
  }
  return { numbers, problems };
}

/** Numbers given more than once, as problems ("… is listed more than once (lines 2, 5)."). */
export function repeatedNumbers(numbers: InputNumber[]): string[] {
  const lines = new Map<string, number[]>();
  for (const n of numbers) {
    const seen = lines.get(n.e164);
    if (seen) seen.push(n.line);
    else lines.set(n.e164, [n.line]);
  }
  const problems: string[] = [];
  for (const [e164, at] of lines) {
    if (at.length < 2) continue;
    const where = at[0] === 0 ? '' : ` (lines ${[...new Set(at)].join(', ')})`;
    problems.push(`${formatPhone(e164)} is listed more than once${where}.`);
  }
  return problems;
}

/** The first PROBLEMS_SHOWN problems, then how many more there are. */
export function summarizeProblems(problems: string[]): string[] {
  if (problems.length <= PROBLEMS_SHOWN) return problems;
  const more = problems.length - PROBLEMS_SHOWN;
  return [
    ...problems.slice(0, PROBLEMS_SHOWN),
    `…and ${more.toLocaleString('en-US')} more ${more === 1 ? 'problem' : 'problems'}.`,
  ];
}
