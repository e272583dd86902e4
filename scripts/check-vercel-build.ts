/**
 * `npm run check:vercel` — builds the app as Vercel would (`vercel build`, which never reaches Vercel when
 * the project's settings are local) and checks the Build Output: the cron of vercel.json is in
 * config.json, every route of the app has a function, and no function ships PGlite's files.
 *
 * The project file it writes holds no secret: placeholder ids and the framework. The install step is
 * skipped (dependencies are installed already; a second `npm install` would rewrite node_modules).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const root = process.cwd();
const vercelDir = path.join(root, '.vercel');
const output = path.join(vercelDir, 'output');
const failures: string[] = [];

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

function writeLocalProject() {
  mkdirSync(vercelDir, { recursive: true });
  const project = {
    projectId: 'prj_local_build_check',
    orgId: 'team_local_build_check',
    settings: { framework: 'nextjs', installCommand: '' },
  };
  writeFileSync(path.join(vercelDir, 'project.json'), `${JSON.stringify(project, null, 2)}\n`);
}

function runVercelBuild() {
  const build = spawnSync('npx', ['vercel', 'build', '--yes'], {
    stdio: 'inherit',
    env: { ...process.env, VERCEL_TELEMETRY_DISABLED: '1', NEXT_TELEMETRY_DISABLED: '1' },
  });
  if (build.status !== 0) {
    console.error(`vercel build exited with ${build.status}`);
    process.exit(1);
  }
}

interface Cron {
  path: string;
  schedule: string;
}

function checkCrons() {
  const wanted = readJson<{ crons?: Cron[] }>(path.join(root, 'vercel.json')).crons ?? [];
  const built = readJson<{ crons?: Cron[] }>(path.join(output, 'config.json')).crons ?? [];
  if (wanted.length === 0) failures.push('vercel.json schedules no cron');
  for (const cron of wanted) {
    if (!built.some((c) => c.path === cron.path && c.schedule === cron.schedule)) {
      failures.push(`config.json lacks the cron ${cron.path} (${cron.schedule})`);
    }
  }
  return built;
}

/** Every page and route handler of the build (app-path-routes-manifest) needs `<route>.func`. */
function checkRoutes() {
  const routes = Object.values(
    readJson<Record<string, string>>(path.join(root, '.next/app-path-routes-manifest.json')),
  );
  for (const route of routes) {
    const name = route === '/' ? 'index' : route.slice(1);
    if (!existsSync(path.join(output, 'functions', `${name}.func`))) failures.push(`no function for ${route}`);
  }
  return routes;
}

/** The real functions (folders with a .vc-config.json; the rest are links to them) and their files. */
function checkBundles() {
  const functions: { name: string; files: string[]; bytes: number }[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const full = path.join(dir, entry);
      if (lstatSync(full).isSymbolicLink() || !statSync(full).isDirectory()) continue;
      const config = path.join(full, '.vc-config.json');
      if (entry.endsWith('.func') && existsSync(config)) {
        const map = readJson<{ filePathMap?: Record<string, string> }>(config).filePathMap ?? {};
        const files = Object.values(map);
        const bytes = files.reduce((sum, file) => {
          const source = path.join(root, file);
          return sum + (existsSync(source) ? statSync(source).size : 0);
        }, 0);
        functions.push({ name: path.relative(path.join(output, 'functions'), full), files, bytes });
      } else {
        walk(full);
      }
    }
  };
  walk(path.join(output, 'functions'));
  for (const fn of functions) {
    const pglite = fn.files.filter((file) => file.includes('@electric-sql/pglite'));
    if (pglite.length > 0) failures.push(`${fn.name} ships ${pglite.length} files of PGlite`);
  }
  return functions;
}

writeLocalProject();
if (process.argv[2] !== '--no-build') runVercelBuild();
const crons = checkCrons();
const routes = checkRoutes();
const functions = checkBundles();

console.log(`\nVercel Build Output: ${routes.length} routes, ${functions.length} functions serve them`);
for (const fn of functions.sort((a, b) => b.bytes - a.bytes)) {
  console.log(`  ${fn.name}: ${fn.files.length} files, ${(fn.bytes / 1024 / 1024).toFixed(1)} MB traced`);
}
console.log(`  crons: ${crons.map((c) => `${c.path} (${c.schedule})`).join(', ') || 'none'}`);
if (failures.length > 0) {
  console.error(`\nThe Vercel build check failed:\n- ${failures.join('\n- ')}`);
  process.exit(1);
}
console.log('The Vercel build check passed.');
