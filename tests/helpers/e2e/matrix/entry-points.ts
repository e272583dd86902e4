/**
 * Every entry point of the production build, read from its manifests rather than from a list kept by
 * hand: server actions from `server-reference-manifest.json` (id → source module and exported name),
 * route handlers from `app-paths-manifest.json` (the entries ending in `/route`), with the HTTP methods
 * their source module exports. Keys name the source: `app/…/actions.ts#deleteAccountsAction`,
 * `GET app/…/export/route.ts`.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export type EntryPoint =
  | { kind: 'action'; key: string; id: string; module: string; exportedName: string; page: string }
  | { kind: 'route'; key: string; module: string; method: string; path: string };

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'] as const;

/** `app/(portal)/accounts/page` → `/accounts`: route groups leave no trace in the URL. */
function urlPath(appPath: string, last: 'page' | 'route'): string {
  const segments = appPath
    .replace(/^\/?app\//, '/')
    .replace(new RegExp(`/${last}(\\.\\w+)?$`), '')
    .split('/')
    .filter((s) => s && !/^\(.*\)$/.test(s));
  return `/${segments.join('/')}`;
}

/** The HTTP methods a route module exports (`export function GET`, `export const { GET, POST } = …`, `export { GET }`). */
export function exportedMethods(source: string): string[] {
  const names = new Set<string>();
  for (const m of source.matchAll(/export\s+(?:async\s+)?(?:function\s*\*?|const|let|var)\s+([A-Z]+)\b/g))
    names.add(m[1]!);
  for (const m of source.matchAll(/export\s+(?:const|let|var)\s*\{([^}]*)\}/g)) {
    for (const part of m[1]!.split(','))
      names.add(
        part
          .trim()
          .split(/\s*:\s*/)
          .at(-1)!,
      );
  }
  for (const m of source.matchAll(/export\s*\{([^}]*)\}/g)) {
    for (const part of m[1]!.split(','))
      names.add(
        part
          .trim()
          .split(/\s+as\s+/)
          .at(-1)!,
      );
  }
  return METHODS.filter((method) => names.has(method));
}

function sourceOf(compiled: string): string {
  const base = compiled.replace(/\.js$/, '');
  for (const ext of ['.ts', '.tsx', '.js', '.mjs', '.jsx']) {
    if (existsSync(base + ext)) return base + ext;
  }
  throw new Error(`The build serves ${compiled}, but no source module was found for it`);
}

export function buildEntryPoints(distDir = process.env.NEXT_DIST_DIR || '.next'): EntryPoint[] {
  const server = path.join(distDir, 'server');
  const references = JSON.parse(readFileSync(path.join(server, 'server-reference-manifest.json'), 'utf8')) as Record<
    'node' | 'edge',
    Record<string, { workers: Record<string, unknown>; filename?: string; exportedName?: string }>
  >;
  const entries: EntryPoint[] = [];
  for (const runtime of ['node', 'edge'] as const) {
    for (const [id, action] of Object.entries(references[runtime] ?? {})) {
      const source = action.filename ?? `(unknown module of action ${id})`;
      const exportedName = action.exportedName ?? `(unnamed action ${id})`;
      const worker = Object.keys(action.workers)[0] ?? '';
      entries.push({
        kind: 'action',
        key: `${source}#${exportedName}`,
        id,
        module: source,
        exportedName,
        page: urlPath(worker, 'page'),
      });
    }
  }
  const appPaths = JSON.parse(readFileSync(path.join(server, 'app-paths-manifest.json'), 'utf8')) as Record<
    string,
    string
  >;
  for (const [appPath, compiled] of Object.entries(appPaths)) {
    if (!appPath.endsWith('/route')) continue;
    const source = sourceOf(path.posix.join('app', compiled.replace(/^app\//, '')));
    const methods = exportedMethods(readFileSync(source, 'utf8'));
    if (methods.length === 0) throw new Error(`${source} is a route handler that exports no HTTP method`);
    for (const method of methods) {
      entries.push({
        kind: 'route',
        key: `${method} ${source}`,
        module: source,
        method,
        path: urlPath(appPath, 'route'),
      });
    }
  }
  return entries;
}
