import type { DefaultSession } from 'next-auth';

declare module 'next-auth' {
  interface User {
    role?: 'owner' | 'admin';
    organizationId?: string;
  }
  interface Session {
    user: { id: string; role?: 'owner' | 'admin'; organizationId?: string } & DefaultSession['user'];
  }
}
