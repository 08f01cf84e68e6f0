import { useCallback, useState } from 'react';
import { messageOf } from '../../api/client.js';

export interface Action {
  busy: boolean;
  /** The last failure, fit to show; cleared when the next run starts. */
  error: string | null;
  /** Runs `work` unless one is running; resolves true when it succeeded. */
  run(work: () => Promise<unknown>): Promise<boolean>;
}

/** One request a panel's control makes at a time, with its failure kept to show beside the control. */
export function useAction(): Action {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = useCallback(async (work: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
      return true;
    } catch (failure) {
      setError(messageOf(failure));
      return false;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, run };
}
