import path from 'node:path';

export const ADMINS = {
  acmeOwner: 'owner@acme.test',
  salesAdmin: 'sales.admin@acme.test',
  globexOwner: 'owner@globex.test',
  initechOwner: 'owner@initech.test',
} as const;

export type AdminName = keyof typeof ADMINS;

/** Per port, so that two suites running at once (each with its own server and secret) keep their own cookies. */
export function storageStatePath(name: string): string {
  return path.join(process.cwd(), 'tests', 'e2e', '.auth', process.env.E2E_PORT ?? '3100', `${name}.json`);
}
