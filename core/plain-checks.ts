/**
 * Small hand-written checks for the few in-process inputs on the softphone's path (the call-end classifier, the
 * MOS estimate, a Reason header already taken apart): zod costs the first screen its evaluation time, and the
 * phone is what Registered waits for (issue 15, docs/BENCHMARKS.md "First screen, third round"). Each check
 * throws a TypeError that names the field, as a schema's parse would; boundaries (IPC, the operator channel, the
 * Public API) keep their zod schemas.
 */

export interface NumberRule {
  min?: number;
  max?: number;
  int?: boolean;
}

/** A field of `value` read as a record; refuses anything that is not an object. */
export function fieldsOf(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new TypeError(`${what}: expected an object`);
  return value as Record<string, unknown>;
}

export function checkNumber(value: unknown, field: string, rule: NumberRule = {}): number {
  if (typeof value !== 'number' || Number.isNaN(value)) throw new TypeError(`${field}: expected a number`);
  if (rule.int && !Number.isInteger(value)) throw new TypeError(`${field}: expected an integer`);
  if (rule.min !== undefined && value < rule.min)
    throw new TypeError(`${field}: must be at least ${rule.min}`);
  if (rule.max !== undefined && value > rule.max)
    throw new TypeError(`${field}: must be at most ${rule.max}`);
  return value;
}

export function checkString(value: unknown, field: string, maxLength: number, minLength = 0): string {
  if (typeof value !== 'string') throw new TypeError(`${field}: expected a string`);
  if (value.length > maxLength) throw new TypeError(`${field}: at most ${maxLength} characters`);
  if (value.length < minLength) throw new TypeError(`${field}: at least ${minLength} characters`);
  return value;
}

export function checkBoolean(value: unknown, field: string): boolean {
  if (typeof value !== 'boolean') throw new TypeError(`${field}: expected true or false`);
  return value;
}

export function checkOneOf<T extends string>(value: unknown, field: string, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value))
    throw new TypeError(`${field}: expected one of ${allowed.join(', ')}`);
  return value as T;
}

/** `check` unless the value is null. */
export function orNull<T>(value: unknown, check: (v: unknown) => T): T | null {
  return value === null ? null : check(value);
}

/** `check` unless the value is undefined. */
export function orUndefined<T>(value: unknown, check: (v: unknown) => T): T | undefined {
  return value === undefined ? undefined : check(value);
}
