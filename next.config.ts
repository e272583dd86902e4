import type { NextConfig } from 'next';

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
  typedRoutes: false,
};

export default nextConfig;
