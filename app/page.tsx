import { redirect } from 'next/navigation';

/** The landing page after sign-in (the default callback is "/"). */
export default function Home() {
  redirect('/dashboard');
}
