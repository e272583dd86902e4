import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { eq, inArray } from 'drizzle-orm';
import { phoneNumbers } from '@/db/schema';
import { accountByEmail } from '../helpers/rows';
import { activationHarness, assertFailure } from '../helpers/activation';

// lib/activation/number-choices.ts, through activateAccount: an account without a number chooses one.

describe('activateAccount', () => {
  const h = activationHarness();
  const { activate, accountById, numberOf, invite, newAccount, auditOf } = h;

  it('without a number: answers the choices, then takes the lowest number of the chosen tag', async () => {
    // A tag that is not reserved (the demo data's PORTED is: see reserved-tags.test.ts).
    await h.db
      .update(phoneNumbers)
      .set({ tag: 'VANITY' })
      .where(inArray(phoneNumbers.e164, ['+12125550111', '+12125550112', '+12125550113']));
    const alan = await accountByEmail(h.db, 'alan.turing@acme.test');
    const secrets = await invite(alan.id);
    const first = await activate({
      credentials: { username: secrets.username, password: secrets.password },
      personalPhone: '+14155550120',
    });
    assertFailure(first, 'number_required');
    assert.deepEqual(first.choices.tags, [{ tag: 'VANITY', available: 3 }]);
    assert.ok(first.choices.numbers.length > 0 && first.choices.numbers.length <= 50);
    assert.ok(first.choices.numbers.some((n) => n.e164 === '+12125550111' && n.tag === 'VANITY'));
    assert.ok(!first.choices.numbers.some((n) => n.e164 === '+12125550100'), 'an assigned number is no choice');
    assert.equal((await accountById(alan.id)).status, 'invited', 'nothing changed');

    const second = await activate({
      credentials: { username: secrets.username, password: secrets.password },
      personalPhone: '+14155550120',
      numberChoice: { tag: 'VANITY' },
    });
    assert.equal(second.ok, true, JSON.stringify(second));
    assert.equal(second.ok && second.number, '+12125550111');
    assert.equal(await numberOf(alan.id), '+12125550111');
    const [event] = await auditOf(alan.id);
    assert.deepEqual(event!.details, { number: '+12125550111', reinstall: false, channel: 'app' });
  });

  it('without a number: takes exactly the chosen number; an account with a number ignores a choice', async () => {
    const account = await newAccount('2000');
    const secrets = await invite(account.id);
    const result = await activate({
      credentials: { token: secrets.token },
      personalPhone: '+14155550121',
      numberChoice: { e164: '+12125550105' },
    });
    assert.equal(result.ok && result.number, '+12125550105');
    assert.equal(await numberOf(account.id), '+12125550105');

    const withNumber = await newAccount('2000', { number: '+12125550106' });
    const s2 = await invite(withNumber.id);
    const r2 = await activate({
      credentials: { token: s2.token },
      personalPhone: '+14155550122',
      numberChoice: { e164: '+12125550107' },
    });
    assert.equal(r2.ok && r2.number, '+12125550106');
    const [free] = await h.db.select().from(phoneNumbers).where(eq(phoneNumbers.e164, '+12125550107'));
    assert.equal(free!.accountId, null);
  });

  it('a number taken meanwhile answers number_taken with fresh choices, and changes nothing', async () => {
    const first = await newAccount('2000');
    const second = await newAccount('2000');
    const s1 = await invite(first.id);
    const s2 = await invite(second.id);
    assert.equal(
      (
        await activate({
          credentials: { token: s1.token },
          personalPhone: '+14155550131',
          numberChoice: { e164: '+12125550108' },
        })
      ).ok,
      true,
    );
    const taken = await activate({
      credentials: { token: s2.token },
      personalPhone: '+14155550132',
      numberChoice: { e164: '+12125550108' },
    });
    assertFailure(taken, 'number_taken');
    assert.ok(!taken.choices.numbers.some((n) => n.e164 === '+12125550108'));
    assert.ok(taken.choices.numbers.length > 0);
    const after = await accountById(second.id);
    assert.equal(after.status, 'invited');
    assert.equal(after.personalPhone, null);
    assert.equal(await numberOf(second.id), null);

    // A tag with nothing left, in Support EMEA, which has no numbers at all.
    const emea = await newAccount('2003');
    const s3 = await invite(emea.id);
    const none = await activate({ credentials: { token: s3.token }, personalPhone: '+14155550133' });
    assertFailure(none, 'number_required');
    assert.deepEqual(none.choices, { tags: [], numbers: [] });
    const exhausted = await activate({
      credentials: { token: s3.token },
      personalPhone: '+14155550133',
      numberChoice: { tag: 'PORTED' },
    });
    assertFailure(exhausted, 'number_taken');
    assert.equal((await accountById(emea.id)).status, 'invited');
  });
});
