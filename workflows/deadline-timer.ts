import { CancellationScope, isCancellation, sleep } from '@temporalio/workflow';

/**
 * One durable timer per deadline. A loop that wakes for many reasons (a sale finished, a signal) and then waits
 * again for the same moment shares one timer instead of starting and cancelling one per pass: each timer
 * started is a Temporal action and two history events.
 */
export function createDeadlineTimer() {
  let current: { at: number; reached: boolean; scope: CancellationScope } | null = null;
  return {
    /** A predicate that turns true once workflow time reaches `at` (a timer is started only when `at` changes). */
    until(at: number): () => boolean {
      if (current?.at !== at) {
        current?.scope.cancel();
        const timer = { at, reached: false, scope: new CancellationScope() };
        timer.scope.run(() => sleep(Math.max(1, at - Date.now()))).then(
          () => void (timer.reached = true),
          (error: unknown) => {
            if (!isCancellation(error)) throw error;
          },
        );
        current = timer;
      }
      const timer = current;
      return () => timer.reached;
    },
  };
}
