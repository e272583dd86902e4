import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatPhone } from '@/lib/phone';

describe('formatPhone', () => {
  it('formats an E.164 number for reading', () => {
    assert.equal(formatPhone('+12125550100'), '+1 212 555 0100');
    assert.equal(formatPhone('+34600000001'), '+34 600 00 00 01');
  });
  it('leaves null and unparseable values as they are', () => {
    assert.equal(formatPhone(null), null);
    assert.equal(formatPhone('12'), '12');
  });
});
