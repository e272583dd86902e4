import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deviceNumberCandidates, usernameThrottleKey } from '@/lib/activation/phone-input';
import { toE164 } from '@/lib/phone';

describe('toE164', () => {
  it('reads international and national formats, the latter in the given country', () => {
    assert.equal(toE164('+1 (415) 555-0100', 'GB'), '+14155550100');
    assert.equal(toE164('(415) 555-0100', 'US'), '+14155550100');
    assert.equal(toE164('020 7946 0958', 'GB'), '+442079460958');
    assert.equal(toE164('020 7946 0958', 'gb'), '+442079460958');
    assert.equal(toE164('0044 20 7946 0958', 'CH'), '+442079460958');
  });

  it('refuses what is not a valid number', () => {
    for (const bad of ['', '   ', 'abc', '12345', '+1 415 555', `+1${'5'.repeat(40)}`]) {
      assert.equal(toE164(bad, 'US'), null, bad);
    }
  });
});

describe('deviceNumberCandidates', () => {
  it('an international number stands for itself only', () => {
    assert.deepEqual(deviceNumberCandidates('+1 415 555 0100', ['US', 'GB']), ['+14155550100']);
  });

  it('a national number is read in each tenant country where it is valid', () => {
    assert.deepEqual(deviceNumberCandidates('(415) 555-0100', ['US']), ['+14155550100']);
    assert.deepEqual(deviceNumberCandidates('020 7946 0958', ['US', 'GB']), ['+442079460958']);
    assert.deepEqual(deviceNumberCandidates('hello', ['US']), []);
  });
});

describe('usernameThrottleKey', () => {
  it('writing one username in several ways gives one key', () => {
    assert.equal(usernameThrottleKey(' Grace.Hopper@ACME.test '), 'grace.hopper@acme.test');
    assert.equal(usernameThrottleKey('+1 (415) 555-0100'), usernameThrottleKey('+14155550100'));
    assert.equal(usernameThrottleKey('0014155550100'), usernameThrottleKey('+14155550100'));
  });
});
