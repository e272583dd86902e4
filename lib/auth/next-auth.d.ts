import type { DefaultSession } from 'next-auth';

declare module 'next-auth' {
  interface User {
    role?: 'owner' | 'admin';
    organizationId?: string;
    sessionVersion?: number;
  }
  interface Session {
    user: {
      id: string;
      role?: 'owner' | 'admin';
      organizationId?: string;
      sessionVersion?: number;
    } & DefaultSession['user'];
  }
}
