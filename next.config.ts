import type { NextConfig } from 'next';
import { ACTIVATION_REFERRER_POLICY, STATIC_SECURITY_HEADERS } from './lib/security-headers';

// `vercel build` (on Vercel and in CI's check) sets VERCEL=1. A deployment there always has a
// DATABASE_URL (start-up refuses without one), so PGlite's 27 MB of WebAssembly and data never ship.
const buildingForVercel = process.env.VERCEL === '1';
const pgliteFiles = ['**/@electric-sql/pglite*', '**/@electric-sql/pglite*/**'];

const nextConfig: NextConfig = {
  // The self-hosting artifact: `node .next/standalone/server.js` with only the files it needs.
  output: 'standalone',
  // PGlite loads its WebAssembly and data files from its own package folder at run time;
  // bundling it would lose them. postgres.js is kept external for the same reason as any driver.
  serverExternalPackages: ['@electric-sql/pglite', 'postgres'],
  // Tooling (the benchmarks, parallel checkouts) may build into another folder; the default is .next.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  outputFileTracingIncludes: { '/**': ['./db/migrations/**/*'] },
  outputFileTracingExcludes: buildingForVercel ? { '/**': pgliteFiles } : {},
  // Inlined at build time: a Vercel build leaves the in-process drainer out of instrumentation.ts
  // (the cron route drains there), so no function's trace reaches the embedded database.
  env: { MULTILINE_VERCEL_BUILD: buildingForVercel ? '1' : '0' },
  poweredByHeader: false,
  // The security headers that do not depend on the request, on every response (static files included,
  // which proxy.ts does not see). The nonce-bearing Content-Security-Policy and HSTS come from proxy.ts.
  // When two rules set one header the later wins: activation pages send no Referer at all.
  headers() {
    const noReferrer = [{ key: 'Referrer-Policy', value: ACTIVATION_REFERRER_POLICY }];
    return Promise.resolve([
      { source: '/:path*', headers: STATIC_SECURITY_HEADERS },
      { source: '/activate', headers: noReferrer },
      { source: '/activate/:path*', headers: noReferrer },
    ]);
  },
  typedRoutes: false,
};

export default nextConfig;
