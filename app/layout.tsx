import type { Metadata } from 'next';
import { connection } from 'next/server';
import { DemoBanner } from './_components/demo-banner';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'MultiLine Admin Portal', template: '%s · MultiLine Admin Portal' },
  description: 'Invite MultiLine users, assign numbers and watch who has activated.',
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Every page is rendered per request, none prerendered at build time: Next.js puts the nonce of the
  // request's Content-Security-Policy (proxy.ts) on the scripts it renders, and a prerendered page's
  // scripts would have none and be refused (docs/decisions.md, "Content Security Policy").
  await connection();
  return (
    <html lang="en">
      <body>
        <DemoBanner />
        {children}
      </body>
    </html>
  );
}
