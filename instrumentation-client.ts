import { config } from 'zod/v4/core';

/**
 * Runs in the browser before the app starts. The Content-Security-Policy forbids `eval`
 * (lib/security-headers.ts), and Zod 4 would probe for it (`new Function('')`) on its first parse:
 * the probe's failure is caught, but the browser still reports a violation. Without its JIT, Zod
 * parses the same way, just without compiling object schemas, and probes nothing.
 */
config({ jitless: true });
