import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // PGlite loads its WebAssembly and data files from its own package folder at run time;
  // bundling it would lose them. postgres.js is kept external for the same reason as any driver.
  serverExternalPackages: ['@electric-sql/pglite', 'postgres'],
  // Tooling (the benchmarks, parallel checkouts) may build into another folder; the default is .next.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  outputFileTracingIncludes: { '/**': ['./db/migrations/**/*'] },
  poweredByHeader: false,
  typedRoutes: false,
};

export default nextConfig;
