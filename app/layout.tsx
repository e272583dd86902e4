import type { Metadata } from 'next';
import { DemoBanner } from './_components/demo-banner';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'MultiLine Admin Portal', template: '%s · MultiLine Admin Portal' },
  description: 'Invite MultiLine users, assign numbers and watch who has activated.',
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body>
        <DemoBanner />
        {children}
      </body>
    </html>
  );
}
