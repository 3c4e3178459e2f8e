'use client';
// Runs one server action from a form or button and keeps its pending state and the
// error message the server sent, for the component to show.
import { useState } from 'react';
import { errorDetails, errorMessage } from './trpc-client';

export function useAction() {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [details, setDetails] = useState<Record<string, unknown> | null>(null);
  async function run<T>(work: () => Promise<T>): Promise<T | undefined> {
    setPending(true);
    setError(null);
    setDetails(null);
    try {
      return await work();
    } catch (caught) {
      setError(errorMessage(caught));
      setDetails(errorDetails(caught));
      return undefined;
    } finally {
      setPending(false);
    }
  }
  return { run, pending, error, details };
}
