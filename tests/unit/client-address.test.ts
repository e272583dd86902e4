import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { clientAddress, PEER_ADDRESS_HEADER } from '@/lib/client-address';
import { installPeerAddressHeader } from '@/lib/peer-address';

const off = { onVercel: false, TRUST_PROXY: undefined };
const headers = (h: Record<string, string>) => new Headers(h);

describe('clientAddress', () => {
  it('off Vercel and with no trusted proxy, is the socket’s address: a forged X-Forwarded-For is ignored', () => {
    const h = headers({
      'x-forwarded-for': '203.0.113.66',
      'x-real-ip': '203.0.113.67',
      [PEER_ADDRESS_HEADER]: '::ffff:10.0.0.5',
    });
    assert.equal(clientAddress(h, off), '10.0.0.5');
    assert.equal(clientAddress(headers({ 'x-forwarded-for': '203.0.113.66' }), off), null, 'unknown, never the claim');
  });

  it('with TRUST_PROXY=N, reads the Nth address from the right, so a client’s own entries are never read', () => {
    const h = headers({ 'x-forwarded-for': '6.6.6.6, 198.51.100.4, 10.0.0.2', [PEER_ADDRESS_HEADER]: '10.0.0.3' });
    assert.equal(clientAddress(h, { onVercel: false, TRUST_PROXY: 1 }), '10.0.0.2');
    assert.equal(clientAddress(h, { onVercel: false, TRUST_PROXY: 2 }), '198.51.100.4');
    assert.equal(
      clientAddress(headers({ 'x-forwarded-for': '198.51.100.4' }), { onVercel: false, TRUST_PROXY: 3 }),
      '198.51.100.4',
    );
  });

  it('on Vercel, uses Vercel’s headers; anything that is not an IP address counts as unknown', () => {
    assert.equal(
      clientAddress(headers({ 'x-real-ip': '198.51.100.9' }), { onVercel: true, TRUST_PROXY: undefined }),
      '198.51.100.9',
    );
    assert.equal(
      clientAddress(headers({ 'x-forwarded-for': '2001:db8::1' }), { onVercel: true, TRUST_PROXY: undefined }),
      '2001:db8::1',
    );
    assert.equal(clientAddress(headers({ [PEER_ADDRESS_HEADER]: "1.2.3.4'; drop table x" }), off), null);
  });
});

describe('installPeerAddressHeader', () => {
  it('sets the header from the socket on every request, replacing the one a client sent', async () => {
    installPeerAddressHeader();
    const server = http.createServer((req, res) => res.end(String(req.headers[PEER_ADDRESS_HEADER])));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const response = await fetch(`http://127.0.0.1:${port}/`, { headers: { [PEER_ADDRESS_HEADER]: '203.0.113.1' } });
      assert.equal(await response.text(), '127.0.0.1');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
