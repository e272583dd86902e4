import { mkdirSync } from 'node:fs';
import { request, type FullConfig } from '@playwright/test';
import { DEMO_PASSWORD } from '@/lib/demo/seed-demo-data';
import { ADMINS, storageStatePath } from './admins';

/** Signs each administrator in once through next-auth's endpoints and keeps their cookies. */
export default async function globalSetup(config: FullConfig) {
  const baseURL = config.projects[0]!.use.baseURL!;
  mkdirSync(storageStatePath('x').replace(/\/[^/]+$/, ''), { recursive: true });
  for (const [name, email] of Object.entries(ADMINS)) {
    const context = await request.newContext({ baseURL });
    const { csrfToken } = (await (await context.get('/api/auth/csrf')).json()) as { csrfToken: string };
    const response = await context.post('/api/auth/callback/credentials', {
      form: { csrfToken, email, password: DEMO_PASSWORD },
      maxRedirects: 0,
    });
    const cookies = (await context.storageState()).cookies;
    if (response.status() !== 302 || !cookies.some((c) => c.name.includes('session-token'))) {
      throw new Error(`Could not sign in ${email} for the end-to-end suite (status ${response.status()})`);
    }
    await context.storageState({ path: storageStatePath(name) });
    await context.dispose();
  }
}
