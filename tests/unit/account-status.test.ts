import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { STATUS_LABELS, displayStatus, maskPhone } from '@/lib/accounts/account-status';

describe('displayStatus', () => {
  const now = new Date('2030-06-15T12:00:00Z');
  const past = new Date('2030-06-15T11:59:59Z');
  const future = new Date('2030-06-15T12:00:01Z');

  it('shows not invited, active and suspended as stored, whatever the expiry', () => {
    assert.equal(displayStatus('not_invited', null, now), 'not_invited');
    assert.equal(displayStatus('active', null, now), 'active');
    assert.equal(displayStatus('active', past, now), 'active');
    assert.equal(displayStatus('suspended', past, now), 'suspended');
  });

  it('shows an invited account as pending until its invitation expires', () => {
    assert.equal(displayStatus('invited', future, now), 'pending');
    assert.equal(displayStatus('invited', now, now), 'pending');
  });

  it('shows an invited account whose invitation is past its expiry as expired', () => {
    assert.equal(displayStatus('invited', past, now), 'expired');
  });

  it('uses the current time by default', () => {
    assert.equal(displayStatus('invited', new Date(Date.now() - 60_000)), 'expired');
    assert.equal(displayStatus('invited', new Date(Date.now() + 60_000)), 'pending');
  });

  it('labels every status as the table shows it', () => {
    assert.deepEqual(STATUS_LABELS, {
      not_invited: 'Not invited',
      pending: 'Pending',
      active: 'Active',
      expired: 'Expired',
      suspended: 'Suspended',
    });
  });
});

describe('maskPhone', () => {
  it('shows only the last four digits', () => {
    assert.equal(maskPhone('+14155559001'), '•••• 9001');
    const masked = maskPhone('+442071234567')!;
    assert.ok(masked.endsWith('4567'));
    assert.ok(!masked.includes('20712'));
  });

  it('keeps null as null', () => {
    assert.equal(maskPhone(null), null);
    assert.equal(maskPhone(''), null);
  });
});
