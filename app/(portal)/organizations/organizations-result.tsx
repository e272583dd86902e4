'use client';

import { createContext, type ReactNode, useContext, useState } from 'react';

interface Result {
  ok: boolean;
  message: string;
}

const ResultContext = createContext<(result: Result) => void>(() => {});

/**
 * The page's one live region: every form and button of the Organizations page reports its outcome
 * here. The actions revalidate what they change (actions.ts): the tree and the groups arrive fresh with
 * their answer.
 */
export function OrganizationsResult({ children }: { children: ReactNode }) {
  const [result, setResult] = useState<Result | null>(null);
  return (
    <ResultContext.Provider value={setResult}>
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
