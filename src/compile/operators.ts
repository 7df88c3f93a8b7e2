/**
 * The operators of the condition language, defined once and used by both evaluators: the
 * compiled one and json-rules-engine (the reference). The built-ins mirror json-rules-engine's
 * own definitions exactly (fact-value validator first, then the comparison), quirks included,
 * so that both evaluators agree on every input.
 */

/** An operator: an optional check of the fact value, then the comparison. */
export interface OperatorDefinition {
  validate?: (factValue: unknown) => boolean;
  compare: (factValue: any, value: any) => boolean;
}

/**
 * json-rules-engine's number check, `parseFloat(x).toString() !== 'NaN'`, without allocating a
 * string: the same answer for every input (a number is NaN only when it is NaN).
 */
export function isNumeric(factValue: unknown): boolean {
  return typeof factValue === 'number' ? factValue === factValue : !Number.isNaN(Number.parseFloat(factValue as string));
}

/** json-rules-engine's built-in operators, as it defines them. */
export const builtinOperators: Readonly<Record<string, OperatorDefinition>> = {
  equal: { compare: (a, b) => a === b },
  notEqual: { compare: (a, b) => a !== b },
  in: { compare: (a, b) => b.indexOf(a) > -1 },
  notIn: { compare: (a, b) => b.indexOf(a) === -1 },
  contains: { validate: Array.isArray, compare: (a, b) => a.indexOf(b) > -1 },
  doesNotContain: { validate: Array.isArray, compare: (a, b) => a.indexOf(b) === -1 },
  lessThan: { validate: isNumeric, compare: (a, b) => a < b },
  lessThanInclusive: { validate: isNumeric, compare: (a, b) => a <= b },
  greaterThan: { validate: isNumeric, compare: (a, b) => a > b },
  greaterThanInclusive: { validate: isNumeric, compare: (a, b) => a >= b },
};

/** Operators we add to json-rules-engine's. */
export const extraOperators: Readonly<Record<string, OperatorDefinition>> = {
  startsWith: { compare: (a, b) => typeof a === 'string' && typeof b === 'string' && a.startsWith(b) },
  containsAny: { compare: (a, b) => Array.isArray(a) && Array.isArray(b) && b.some((v) => a.includes(v)) },
};

/** Every operator a playbook may use. */
export const allOperators: Readonly<Record<string, OperatorDefinition>> = { ...builtinOperators, ...extraOperators };

/** Applies an operator the way json-rules-engine's `Operator.evaluate` does. */
export function applyOperator(op: OperatorDefinition, factValue: unknown, value: unknown): boolean {
  return (op.validate ? op.validate(factValue) : true) && op.compare(factValue, value);
}
