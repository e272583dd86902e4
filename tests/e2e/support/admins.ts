import path from 'node:path';

export const ADMINS = {
  acmeOwner: 'owner@acme.test',
  salesAdmin: 'sales.admin@acme.test',
  globexOwner: 'owner@globex.test',
  initechOwner: 'owner@initech.test',
} as const;

export type AdminName = keyof typeof ADMINS;

export function storageStatePath(name: string): string {
  return path.join(process.cwd(), 'tests', 'e2e', '.auth', `${name}.json`);
}
