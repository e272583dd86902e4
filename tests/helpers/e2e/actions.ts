import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { APIRequestContext } from '@playwright/test';

/** The id under which the production build exposes a server action, from its manifest. */
export function actionId(exportedName: string): string {
  const distDir = process.env.NEXT_DIST_DIR || '.next';
  const manifest = JSON.parse(readFileSync(path.join(distDir, 'server', 'server-reference-manifest.json'), 'utf8')) as {
    node: Record<string, { exportedName?: string }>;
  };
  const entry = Object.entries(manifest.node).find(([, v]) => v.exportedName === exportedName);
  if (!entry) throw new Error(`No server action named ${exportedName} in the build`);
  return entry[0];
}

/**
 * Calls a server action the way a script would: a POST with the action's id, no UI involved. `page`
 * is a page whose module graph includes the action (Next.js looks the id up per route).
 */
export async function callAction(
  request: APIRequestContext,
  baseURL: string,
  name: string,
  args: unknown[],
  page = '/accounts',
) {
  const response = await request.post(page, {
    headers: {
      'Next-Action': actionId(name),
      'Content-Type': 'text/plain;charset=UTF-8',
      Accept: 'text/x-component',
      Origin: baseURL,
    },
    data: JSON.stringify(args),
  });
  return { status: response.status(), body: await response.text() };
}
