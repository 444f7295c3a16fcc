/** Test-switchable fault settings: set() merges, reset() restores the defaults. */
export interface FaultSwitch<T extends object> {
  set(patch: Partial<T>): void;
  reset(): void;
  get(): Readonly<T>;
}

export function createFaultSwitch<T extends object>(defaults: T): FaultSwitch<T> {
  let current: T = { ...defaults };
  return {
    set: (patch) => {
      current = { ...current, ...patch };
    },
    reset: () => {
      current = { ...defaults };
    },
    get: () => current,
  };
}
