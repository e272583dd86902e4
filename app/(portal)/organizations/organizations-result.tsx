'use client';

import { useRouter } from 'next/navigation';
import { createContext, type ReactNode, useCallback, useContext, useState } from 'react';

interface Result {
  ok: boolean;
  message: string;
}

const ResultContext = createContext<(result: Result) => void>(() => {});

/**
 * The page's one live region: every form and button of the Organizations page reports its outcome
 * here and, on success, refreshes the server-rendered tree and groups.
 */
export function OrganizationsResult({ children }: { children: ReactNode }) {
  const router = useRouter();
  const [result, setResult] = useState<Result | null>(null);
  const show = useCallback(
    (next: Result) => {
      setResult(next);
      if (next.ok) router.refresh();
    },
    [router],
  );
  return (
    <ResultContext.Provider value={show}>
      <div
        role="status"
        aria-live="polite"
        className={`mb-2 min-h-5 text-sm ${result?.ok === false ? 'text-red-700' : 'text-green-800'}`}
      >
        {result?.message}
      </div>
      {children}
    </ResultContext.Provider>
  );
}

export function useShowResult() {
  return useContext(ResultContext);
}
