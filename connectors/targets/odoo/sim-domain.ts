import { valueError } from './sim-errors';

/** Field values as the simulator stores them: many2one as an id or false, x2many as id lists. */
export type SimValue = string | number | boolean | number[] | null;
export type SimRow = { id: number } & Record<string, SimValue>;

/** SQL LIKE as Odoo's `like`/`ilike` operators use it: `%` any run, `_` any one character. */
function likeToRegExp(pattern: string, caseInsensitive: boolean): RegExp {
  const body = pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%/g, '.*').replace(/_/g, '.');
  return new RegExp(`^${body}$`, caseInsensitive ? 'is' : 's');
}

function compare(value: SimValue | undefined, operator: string, operand: unknown): boolean {
  const v = value ?? false;
  switch (operator) {
    case '=': return operand === false ? v === false || v === null || v === '' : v === operand;
    case '!=': return operand === false ? !(v === false || v === null || v === '') : v !== operand;
    case 'in': return Array.isArray(operand) && operand.includes(v);
    case 'not in': return Array.isArray(operand) && !operand.includes(v);
    case '<': return typeof v === 'number' && v < Number(operand);
    case '>': return typeof v === 'number' && v > Number(operand);
    case '<=': return typeof v === 'number' && v <= Number(operand);
    case '>=': return typeof v === 'number' && v >= Number(operand);
    case '=like': return typeof v === 'string' && likeToRegExp(String(operand), false).test(v);
    case '=ilike': return typeof v === 'string' && likeToRegExp(String(operand), true).test(v);
    case 'like': return typeof v === 'string' && likeToRegExp(`%${String(operand)}%`, false).test(v);
    case 'ilike': return typeof v === 'string' && likeToRegExp(`%${String(operand)}%`, true).test(v);
    default: throw valueError(`Invalid leaf operator ${JSON.stringify(operator)}`);
  }
}

/**
 * Evaluates an Odoo domain (prefix notation, implicit AND) on one row. `fieldExists` rejects
 * unknown fields the way Odoo's expression parser does.
 */
export function matches(row: SimRow, domain: readonly unknown[], model: string, fieldExists: (name: string) => boolean): boolean {
  let position = 0;
  const term = (): boolean => {
    const item = domain[position];
    position += 1;
    if (item === '&' || item === '|') {
      const left = term();
      const right = term();
      return item === '&' ? left && right : left || right;
    }
    if (item === '!') return !term();
    if (!Array.isArray(item) || item.length !== 3 || typeof item[0] !== 'string' || typeof item[1] !== 'string') {
      throw valueError(`Invalid leaf ${JSON.stringify(item)}`);
    }
    const [field, operator, operand] = item as [string, string, unknown];
    if (field !== 'id' && !fieldExists(field)) throw valueError(`Invalid field ${model}.${field} in leaf ${JSON.stringify(item)}`);
    return compare(field === 'id' ? row.id : row[field], operator.toLowerCase(), operand);
  };
  let result = true;
  while (position < domain.length) result = term() && result;
  return result;
}
