import { specValidator } from './spec-validator';
import type { SpecViolation } from './spec-validator';
import type { SimExchange } from './sim-app';

/**
 * Collects spec violations of simulator exchanges, for tests: pass `onExchange` to the simulator,
 * then assert `violations` is empty (every request the client sent and every answer the simulator
 * gave matched Moneybird's published spec). `operations` records which spec operations were met.
 */
export interface SpecCheck {
  onExchange: (exchange: SimExchange) => void;
  violations: SpecViolation[];
  /** `METHOD /template status` of every exchange seen, in order. */
  operations: string[];
}

export function createSpecCheck(): SpecCheck {
  const validator = specValidator();
  const check: SpecCheck = {
    violations: [],
    operations: [],
    onExchange(exchange) {
      check.operations.push(`${validator.operationOf(exchange.method, exchange.path) ?? `${exchange.method} ${exchange.path}`} ${exchange.status}`);
      check.violations.push(...validator.validate(exchange));
    },
  };
  return check;
}
