import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

/**
 * Checks HTTP exchanges against Moneybird's published OpenAPI 3.1 spec (vendored in spec/openapi.json):
 * the request's path, path parameters, query parameters and body, and the response's status, body and
 * declared headers. Used by the tests on every request the client sends to the simulator and every
 * answer the simulator gives, so neither side can drift from what Moneybird publishes.
 */

export interface Exchange {
  method: string;
  /** URL path as sent, e.g. `/api/v2/123/contacts.json`. */
  path: string;
  query: URLSearchParams;
  /** Parsed JSON request body; undefined when none was sent. */
  requestBody: unknown;
  status: number;
  /** Parsed JSON response body (a string when the body was not JSON). */
  responseBody: unknown;
  responseHeaders: Headers;
}

export interface SpecViolation {
  /** `POST /{administration_id}/sales_invoices{format} 201`, or the raw path when no operation matched. */
  operation: string;
  part: 'path' | 'query' | 'request' | 'status' | 'response' | 'header';
  message: string;
}

type Json = Record<string, unknown>;

interface Operation {
  template: string;
  method: string;
  regex: RegExp;
  paramNames: string[];
  literalLength: number;
  op: Json;
}

const specPath = new URL('./spec/openapi.json', import.meta.url);
const specId = 'https://moneybird.test/openapi.json';

const pointer = (...parts: string[]): string => parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');

function compileTemplate(template: string): { regex: RegExp; paramNames: string[]; literalLength: number } {
  const paramNames: string[] = [];
  let source = '';
  let literalLength = 0;
  for (const part of template.split(/(\{[^}]+\})/)) {
    const name = /^\{([^}]+)\}$/.exec(part)?.[1];
    if (name === undefined) {
      source += part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      literalLength += part.length;
    } else if (name === 'format') {
      source += '(\\.json|\\.xml)?';
    } else {
      paramNames.push(name);
      source += '([^/]+?)';
    }
  }
  return { regex: new RegExp(`^${source}$`), paramNames, literalLength };
}

function describe(errors: ErrorObject[] | null | undefined): string {
  // Keep the deepest, most specific errors; oneOf/anyOf summaries add little.
  const list = (errors ?? []).filter((e) => !['oneOf', 'anyOf', 'allOf'].includes(e.keyword));
  return (list.length > 0 ? list : errors ?? [])
    .slice(0, 6)
    .map((e) => `${e.instancePath || '(root)'} ${e.message ?? e.keyword}${e.keyword === 'unevaluatedProperties' ? ` '${String((e.params as { unevaluatedProperty?: string }).unevaluatedProperty)}'` : ''}`)
    .join('; ');
}

export interface SpecValidator {
  /** Spec version (info.version), e.g. `v2-20260821-37a2205df2`. */
  version: string;
  validate(exchange: Exchange): SpecViolation[];
  /** The operation an exchange matched, e.g. `PATCH /{administration_id}/sales_invoices/{id}/send_invoice{format}`. */
  operationOf(method: string, path: string): string | null;
}

let shared: SpecValidator | undefined;

/** One validator per process: the spec is 3 MB and its schemas compile lazily, once. */
export function specValidator(): SpecValidator {
  shared ??= createSpecValidator();
  return shared;
}

function createSpecValidator(): SpecValidator {
  const spec = JSON.parse(readFileSync(specPath, 'utf8')) as Json & { info: { version: string }; paths: Record<string, Record<string, Json>> };
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  addFormats(ajv);
  ajv.addSchema({ ...spec, $id: specId });
  const compiled = new Map<string, ValidateFunction>();
  const validatorAt = (path: string): ValidateFunction => {
    let fn = compiled.get(path);
    if (!fn) {
      fn = ajv.compile({ $ref: `${specId}#/${path}` });
      compiled.set(path, fn);
    }
    return fn;
  };

  // Any call can meet a bad token, a missing scope or the rate limit, though only some operations list them.
  const globalResponses: Record<string, Json> = {
    401: { $ref: '#/components/responses/401_unauthorized' },
    403: { $ref: '#/components/responses/403_forbidden' },
    429: { $ref: '#/components/responses/429_too_many_requests' },
  };

  const operations: Operation[] = [];
  for (const [template, item] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      operations.push({ template, method: method.toUpperCase(), op, ...compileTemplate(template) });
    }
  }
  // Most literal template first: `/sales_invoices/synchronization{format}` before `/sales_invoices/{id}{format}`.
  operations.sort((a, b) => b.literalLength - a.literalLength);

  const find = (method: string, path: string): { operation: Operation; params: Record<string, string> } | null => {
    const rest = path.replace(/^\/api\/v2/, '');
    for (const operation of operations) {
      if (operation.method !== method) continue;
      const match = operation.regex.exec(rest);
      if (!match) continue;
      const params: Record<string, string> = {};
      operation.paramNames.forEach((name, i) => {
        params[name] = decodeURIComponent(match[i + 1] ?? '');
      });
      return { operation, params };
    }
    return null;
  };

  const resolveRef = (value: Json): Json => {
    const ref = value.$ref;
    if (typeof ref !== 'string') return value;
    let node: unknown = spec;
    for (const part of ref.replace(/^#\//, '').split('/')) node = (node as Json)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
    return node as Json;
  };

  return {
    version: spec.info.version,
    operationOf(method, path) {
      const found = find(method.toUpperCase(), path);
      return found ? `${found.operation.method} ${found.operation.template}` : null;
    },
    validate(x) {
      const method = x.method.toUpperCase();
      const found = find(method, x.path);
      if (!found) return [{ operation: `${method} ${x.path}`, part: 'path', message: 'no operation in the spec matches this method and path' }];
      const { operation, params } = found;
      const name = `${operation.method} ${operation.template} ${x.status}`;
      const opPointer = pointer('paths', operation.template, operation.method.toLowerCase());
      const violations: SpecViolation[] = [];
      const check = (part: SpecViolation['part'], schemaPath: string, value: unknown, label: string): void => {
        const fn = validatorAt(schemaPath);
        if (!fn(value)) violations.push({ operation: name, part, message: `${label}: ${describe(fn.errors)}` });
      };

      // Parameters: path values and every query parameter the client sent must be declared.
      const declared = ((operation.op.parameters ?? []) as Json[]).map((p, i) => ({ param: resolveRef(p), i }));
      for (const [key, value] of Object.entries(params)) {
        const p = declared.find((d) => d.param.in === 'path' && d.param.name === key);
        if (!p) violations.push({ operation: name, part: 'path', message: `path parameter ${key} not declared` });
        else if (p.param.schema) check('path', `${paramPointer(opPointer, p.i, operation.op)}/schema`, value, `path ${key}`);
      }
      for (const key of new Set(x.query.keys())) {
        const p = declared.find((d) => d.param.in === 'query' && d.param.name === key);
        if (!p) {
          violations.push({ operation: name, part: 'query', message: `query parameter '${key}' is not in the spec` });
          continue;
        }
        const raw = x.query.get(key) ?? '';
        const schema = resolveRef((p.param.schema ?? {}) as Json);
        const types = ([] as unknown[]).concat(schema.type ?? []);
        // Query values arrive as text: try the declared non-string types first.
        const candidates: unknown[] = [raw];
        if (types.includes('integer') && /^-?\d+$/.test(raw)) candidates.unshift(Number(raw));
        if (types.includes('boolean') && (raw === 'true' || raw === 'false')) candidates.unshift(raw === 'true');
        const schemaPath = `${paramPointer(opPointer, p.i, operation.op)}/schema`;
        const fn = validatorAt(schemaPath);
        if (!candidates.some((c) => fn(c))) violations.push({ operation: name, part: 'query', message: `query ${key}: ${describe(fn.errors)}` });
      }

      // Request body.
      const body = resolveRef((operation.op.requestBody ?? {}) as Json);
      const bodyContent = body.content as Record<string, Json> | undefined;
      if (x.requestBody !== undefined) {
        const mediaType = bodyContent && (bodyContent['application/*'] ? 'application/*' : bodyContent['application/json'] ? 'application/json' : undefined);
        if (!mediaType) violations.push({ operation: name, part: 'request', message: 'a body was sent but the operation takes none' });
        else check('request', `${requestPointer(operation, opPointer)}/content/${pointer(mediaType)}/schema`, x.requestBody, 'request body');
      } else if (body.required === true) {
        violations.push({ operation: name, part: 'request', message: 'the operation requires a request body' });
      }

      // Response status, body and declared headers.
      if (x.status >= 500) return violations; // outages are not part of any API description
      const responses = { ...globalResponses, ...((operation.op.responses ?? {}) as Record<string, Json>) };
      const statusKey = responses[String(x.status)] ? String(x.status) : responses[`${String(x.status)[0]}XX`] ? `${String(x.status)[0]}XX` : undefined;
      if (!statusKey) {
        violations.push({ operation: name, part: 'status', message: `status ${x.status} is not documented for this operation (documented: ${Object.keys(responses).join(', ')})` });
        return violations;
      }
      const response = resolveRef(responses[statusKey] as Json);
      const responsePointer = typeof (responses[statusKey] as Json).$ref === 'string'
        ? String((responses[statusKey] as Json).$ref).replace(/^#\//, '')
        : `${opPointer}/responses/${pointer(statusKey)}`;
      const content = response.content as Record<string, Json> | undefined;
      const json = content?.['application/json'];
      if (json?.schema) check('response', `${responsePointer}/content/${pointer('application/json')}/schema`, x.responseBody, 'response body');
      else if (!content && x.responseBody !== null && x.responseBody !== undefined && x.responseBody !== '') {
        violations.push({ operation: name, part: 'response', message: 'a body was returned but the spec documents none' });
      }
      for (const [header, definition] of Object.entries((response.headers ?? {}) as Record<string, Json>)) {
        const value = x.responseHeaders.get(header);
        if (value === null) {
          violations.push({ operation: name, part: 'header', message: `documented header ${header} missing` });
          continue;
        }
        const schema = resolveRef((resolveRef(definition).schema ?? {}) as Json);
        const typed = schema.type === 'integer' && /^-?\d+$/.test(value) ? Number(value) : value;
        const headerPointer = typeof definition.$ref === 'string' ? `${String(definition.$ref).replace(/^#\//, '')}/schema` : `${responsePointer}/headers/${pointer(header)}/schema`;
        check('header', headerPointer, typed, `header ${header}`);
      }
      return violations;
    },
  };

  function paramPointer(opPointer: string, index: number, op: Json): string {
    const raw = (op.parameters as Json[])[index] as Json;
    return typeof raw.$ref === 'string' ? String(raw.$ref).replace(/^#\//, '') : `${opPointer}/parameters/${index}`;
  }

  function requestPointer(operation: Operation, opPointer: string): string {
    const raw = operation.op.requestBody as Json;
    return typeof raw.$ref === 'string' ? String(raw.$ref).replace(/^#\//, '') : `${opPointer}/requestBody`;
  }
}
