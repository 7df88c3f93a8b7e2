import { compileCalendar, durationProblem, parseDuration, type BusinessCalendar } from '../calendar/index.js';
import type { JsonPath, PlaybookErrorCode } from '../errors.js';
import { complaintFacts, fixedOutcomeIds, stageFacts, stageOrder } from '../facts.js';
import { maxNestingDepthCeiling, resolveLimits, type PlaybookLimits } from '../options.js';
import { listPlaceholders } from '../text.js';
import type { Condition, ConditionLeaf, LocalizedText, PlaybookSpec, StageName } from '../types.js';
import { forbiddenKeys, inspectStructure } from './structure.js';
import { createSuggest } from './suggest.js';

/** A semantic problem before positions are attached. */
export interface RawProblem {
  code: PlaybookErrorCode;
  message: string;
  path: JsonPath;
  /** Point at the key rather than the value. */
  key?: boolean;
  suggestion?: string;
  severity?: 'error' | 'warning';
}

/** Operators the condition language offers: json-rules-engine's built-ins plus two of ours. */
export const operatorNames = [
  'equal',
  'notEqual',
  'lessThan',
  'lessThanInclusive',
  'greaterThan',
  'greaterThanInclusive',
  'in',
  'notIn',
  'contains',
  'doesNotContain',
  'startsWith',
  'containsAny',
] as const;

const listOperators = new Set(['in', 'notIn', 'containsAny']);
const numberOperators = new Set(['lessThan', 'lessThanInclusive', 'greaterThan', 'greaterThanInclusive']);
const stageFactNames = new Map<string, StageName>(stageOrder.map((s) => [stageFacts[s], s]));

/** The JSON type a fact must have for each operator; json-rules-engine compares by `===` or `includes`. */
type FactType = 'string' | 'number' | 'boolean' | 'array' | 'object';
const operatorFactTypes: Record<string, { needs?: FactType; refuses?: FactType[] }> = {
  lessThan: { needs: 'number' },
  lessThanInclusive: { needs: 'number' },
  greaterThan: { needs: 'number' },
  greaterThanInclusive: { needs: 'number' },
  startsWith: { needs: 'string' },
  contains: { needs: 'array' },
  doesNotContain: { needs: 'array' },
  containsAny: { needs: 'array' },
  equal: { refuses: ['array', 'object'] },
  notEqual: { refuses: ['array', 'object'] },
  in: { refuses: ['array', 'object'] },
  notIn: { refuses: ['array', 'object'] },
};

/**
 * The subset of JSONPath a condition's `path` may use: `$` followed by `.name` and `[index]`
 * steps, as in `$.tier` or `$.items[0].sku`. Recursive descent, wildcards, slices, unions and
 * filter expressions are refused: they can cost time in proportion to the fact's size, and
 * filters are evaluated as script by the JSONPath library.
 */
export const safePathPattern = /^\$(?:\.[A-Za-z_][A-Za-z0-9_-]*|\[(?:0|[1-9][0-9]{0,5})\])+$/;

const describeType = (t: FactType) => (t === 'array' ? 'a list' : t === 'object' ? 'a mapping' : `a ${t}`);

/** Why a plain (non-fact) value does not suit the operator, or undefined. */
function operatorValueProblem(operator: string, value: unknown): string | undefined {
  if (listOperators.has(operator) && !Array.isArray(value)) return `the operator "${operator}" needs a list as its value`;
  // Items are compared by identity: a list or a mapping inside the list would never match.
  if (listOperators.has(operator) && (value as unknown[]).some((v) => v !== null && typeof v === 'object')) return `the operator "${operator}" compares with each item of its list; an item that is itself a list or a mapping would never match: give texts, numbers or true/false`;
  if (numberOperators.has(operator) && (typeof value !== 'number' || !Number.isFinite(value))) return `the operator "${operator}" needs a number as its value, not ${JSON.stringify(value)}`;
  if (operator === 'startsWith' && typeof value !== 'string') return 'the operator "startsWith" needs a text as its value';
  if ((operator === 'equal' || operator === 'notEqual') && Array.isArray(value)) return `the operator "${operator}" compares a list by identity, so it would never match; use "in" or "notIn" to test membership`;
  return undefined;
}

/** Why a `path` is refused, or undefined when it is in the safe subset. */
function pathProblem(path: unknown): string | undefined {
  if (typeof path !== 'string') return 'must be a text such as "$.tier"';
  if (path.length > 200) return 'is longer than 200 characters';
  if (!safePathPattern.test(path)) return 'may only use $ followed by .name and [index] steps (as in $.tier or $.items[0].sku)';
  const internal = path.split(/[.[\]]/).find((step) => forbiddenKeys.has(step));
  return internal ? `reads "${internal}", a JavaScript internal` : undefined;
}

/** Visits every leaf of a condition with its JSON path; reports trees deeper than the limit. */
export function walkCondition(
  condition: Condition,
  path: JsonPath,
  visit: (leaf: ConditionLeaf, path: JsonPath) => void,
  onTooDeep?: (path: JsonPath) => void,
  maxDepth = Infinity,
  depth = 0,
): void {
  if (depth > maxDepth) {
    onTooDeep?.(path);
    return;
  }
  if ('all' in condition) condition.all.forEach((c, i) => walkCondition(c, [...path, 'all', i], visit, onTooDeep, maxDepth, depth + 1));
  else if ('any' in condition) condition.any.forEach((c, i) => walkCondition(c, [...path, 'any', i], visit, onTooDeep, maxDepth, depth + 1));
  else if ('not' in condition) walkCondition(condition.not, [...path, 'not'], visit, onTooDeep, maxDepth, depth + 1);
  else visit(condition, path);
}

/** The result of semantic checking: problems and, when there are none, the compiled calendar. */
export interface SemanticResult {
  problems: RawProblem[];
  calendar?: BusinessCalendar;
}

/**
 * Checks what the schema cannot: references between parts of the playbook, facts, stage order,
 * locales, durations, the calendar and the limits. Assumes the value passed the schema.
 */
export function checkSemantics(spec: PlaybookSpec, configured: PlaybookLimits): SemanticResult {
  const limits = resolveLimits(configured);
  const problems: RawProblem[] = [];
  const add = (p: RawProblem) => problems.push(p);
  const suggest = createSuggest();
  const locales = spec.locales;
  const localeSet = new Set(locales);

  const checkText = (text: LocalizedText | undefined, path: JsonPath, allowedPlaceholders?: (name: string) => boolean, placeholderNames?: () => Iterable<string>) => {
    if (text === undefined) return;
    const entries = typeof text === 'string' ? [['', text] as const] : Object.entries(text);
    if (typeof text !== 'string') {
      for (const locale of locales) {
        if (!(locale in text)) add({ code: 'MISSING_TEXT', message: `the text at ${path.join('.')} has no ${locale} version`, path });
      }
      for (const locale of Object.keys(text)) {
        if (!localeSet.has(locale)) {
          const s = suggest(locale, locales);
          add({ code: 'UNKNOWN_LOCALE', message: `"${locale}" is not one of the playbook's locales (${locales.join(', ')})${s ? `; did you mean "${s}"?` : ''}`, path: [...path, locale], key: true, ...(s ? { suggestion: s } : {}) });
        }
      }
    }
    if (allowedPlaceholders) {
      for (const [locale, value] of entries) {
        for (const name of listPlaceholders(value)) {
          if (!allowedPlaceholders(name)) {
            const s = placeholderNames ? suggest(name, placeholderNames()) : undefined;
            add({
              code: 'UNKNOWN_PLACEHOLDER',
              message: `the placeholder {${name}} names no complaint field, declared fact or deadline${s ? `; did you mean {${s}}?` : ''}`,
              path: locale ? [...path, locale] : path,
              ...(s ? { suggestion: s } : {}),
            });
          }
        }
      }
    }
  };

  // Limits first: they bound everything that follows. The schema check already refused nesting
  // beyond the hard ceiling; the configured bounds may be lower.
  const maxDepth = Math.min(limits.maxNestingDepth, maxNestingDepthCeiling);
  for (const issue of inspectStructure(spec, { maxDepth, maxTextLength: limits.maxTextLength })) {
    if (issue.kind === 'too-deep') add({ code: 'NESTING_DEPTH', message: `the playbook nests lists and mappings more than ${maxDepth} levels deep here`, path: issue.path });
    if (issue.kind === 'long-text') {
      // The offending key may itself be the long text: shorten each step for the message.
      const where = issue.path.map((step) => (String(step).length > 40 ? `${String(step).slice(0, 37)}...` : step)).join('.');
      add({ code: 'LIMIT_EXCEEDED', message: `the ${issue.isKey ? 'key' : 'text'} at ${where} is ${issue.length} characters long; the limit is ${limits.maxTextLength}`, path: issue.path, key: issue.isKey });
    }
  }
  if (spec.rules.length > limits.maxRules) add({ code: 'LIMIT_EXCEEDED', message: `the playbook has ${spec.rules.length} rules; the limit is ${limits.maxRules}`, path: ['rules'], key: true });
  for (const stage of stageOrder) {
    const n = spec[stage].outcomes.length;
    if (n > limits.maxOutcomes) add({ code: 'LIMIT_EXCEEDED', message: `the ${stage} stage has ${n} outcomes; the limit is ${limits.maxOutcomes}`, path: [stage, 'outcomes'], key: true });
  }

  checkText(spec.title, ['title']);

  // Calendar
  // An abstract base may leave the calendar to the playbooks that extend it.
  const { calendar, problems: calendarProblems } = spec.calendar === undefined && spec.abstract === true ? { calendar: undefined, problems: [] } : compileCalendar(spec.calendar);
  for (const p of calendarProblems) add({ code: p.code, message: p.message, path: ['calendar', ...p.path] });

  // Authority ladder
  const levels = new Map<string, number>();
  spec.authority.forEach((level, i) => {
    if (levels.has(level.id)) add({ code: 'DUPLICATE_ID', message: `the authority level "${level.id}" is declared twice`, path: ['authority', i, 'id'] });
    else levels.set(level.id, i);
    checkText(level.label, ['authority', i, 'label']);
  });

  // Departments
  const departments = spec.departments ? new Set(Object.keys(spec.departments)) : undefined;
  for (const [id, label] of Object.entries(spec.departments ?? {})) checkText(label, ['departments', id]);

  // Declared facts
  const declared = new Set(Object.keys(spec.facts ?? {}));
  for (const name of declared) {
    if (complaintFacts.has(name) || stageFactNames.has(name)) {
      add({ code: 'DUPLICATE_ID', message: `the fact "${name}" is already ${stageFactNames.has(name) ? 'a stage result' : 'a complaint field'}; do not declare it`, path: ['facts', name], key: true });
    }
  }
  const isKnownFact = (name: string) => complaintFacts.has(name) || stageFactNames.has(name) || declared.has(name);
  const knownFactNames = () => [...complaintFacts.keys(), ...stageFactNames.keys(), ...declared];

  // Stages
  const outcomeIds = new Map<StageName, Set<string>>();
  stageOrder.forEach((stage, stageIndex) => {
    const spec_ = spec[stage];
    const ids = new Set<string>();
    spec_.outcomes.forEach((outcome, i) => {
      const base: JsonPath = [stage, 'outcomes', i];
      if (ids.has(outcome.id)) add({ code: 'DUPLICATE_ID', message: `the outcome "${outcome.id}" appears twice in the ${stage} stage`, path: [...base, 'id'] });
      ids.add(outcome.id);
      if (stage !== 'customerType') {
        const allowed: readonly string[] = fixedOutcomeIds[stage];
        if (!allowed.includes(outcome.id)) {
          const s = suggest(outcome.id, allowed);
          add({ code: 'INVALID_OUTCOME_ID', message: `the ${stage} stage's outcomes must be ${allowed.join(', ')}; "${outcome.id}" is not one of them${s ? `; did you mean "${s}"?` : ''}`, path: [...base, 'id'], ...(s ? { suggestion: s } : {}) });
        }
      }
      checkText(outcome.label, [...base, 'label']);
      checkText(outcome.approach, [...base, 'approach']);
    });
    outcomeIds.set(stage, ids);
    if (spec_.default !== undefined && !ids.has(spec_.default)) {
      const s = suggest(spec_.default, ids);
      add({ code: 'UNKNOWN_OUTCOME', message: `the ${stage} stage's default "${spec_.default}" is not one of its outcomes${s ? `; did you mean "${s}"?` : ''}`, path: [stage, 'default'], ...(s ? { suggestion: s } : {}) });
    }
    spec_.outcomes.forEach((outcome, i) => {
      if (outcome.when === undefined && outcome.id !== spec_.default) {
        add({ code: 'MISSING_WHEN', message: `the outcome "${outcome.id}" has no "when" and is not the stage's default, so it could never be chosen`, path: [stage, 'outcomes', i], key: false });
      }
    });
    void stageIndex;
  });

  const checkConditions = (condition: Condition | undefined, path: JsonPath, stage: StageName | undefined) => {
    if (condition === undefined) return;
    walkCondition(
      condition,
      path,
      (leaf, leafPath) => checkLeaf(leaf, leafPath, stage),
      (p) => add({ code: 'LIMIT_EXCEEDED', message: `the condition is nested more than ${limits.maxConditionDepth} levels deep`, path: p }),
      limits.maxConditionDepth,
    );
  };

  const factType = (name: string): FactType | undefined => {
    if (stageFactNames.has(name)) return 'string';
    const field = complaintFacts.get(name);
    if (field) {
      const type = Array.isArray(field.type) ? undefined : field.type;
      if (type === 'integer' || type === 'number') return 'number';
      if (type === 'string' || type === 'boolean' || type === 'array' || type === 'object') return type;
      if (field.enum?.every((v) => typeof v === 'string')) return 'string';
      return undefined;
    }
    return Object.hasOwn(spec.facts ?? {}, name) ? spec.facts![name]!.type : undefined;
  };

  const checkLeaf = (leaf: ConditionLeaf, path: JsonPath, stage: StageName | undefined) => {
    const { fact, operator, value } = leaf;
    const valueObject = value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
    const factRef = valueObject && Object.hasOwn(valueObject, 'fact') ? valueObject.fact : undefined;
    if (valueObject && typeof factRef !== 'string') {
      add({ code: 'OPERATOR_VALUE', message: `a mapping as the value must name another fact ({ fact: name }); any other mapping would never match`, path: [...path, 'value'] });
      return;
    }
    for (const [where, p] of [[[...path, 'path'], leaf.path], [[...path, 'value', 'path'], valueObject?.path]] as const) {
      if (p === undefined) continue;
      const why = pathProblem(p);
      if (why) add({ code: 'INVALID_PATH', message: `the path ${JSON.stringify(p)} ${why}`, path: where });
    }
    const facts = [{ name: fact, path: [...path, 'fact'] }];
    if (typeof factRef === 'string') facts.push({ name: factRef, path: [...path, 'value', 'fact'] });
    for (const f of facts) {
      const internal = f.name.split('.').find((step) => forbiddenKeys.has(step));
      if (internal) {
        add({ code: 'FORBIDDEN_KEY', message: `the fact "${f.name}" reads "${internal}", a JavaScript internal`, path: f.path });
        continue;
      }
      const declaredPrefix = [...declared].some((d) => f.name.startsWith(`${d}.`) && spec.facts?.[d]?.type === 'object');
      if (!isKnownFact(f.name) && !declaredPrefix) {
        const s = suggest(f.name, knownFactNames());
        add({ code: 'UNKNOWN_FACT', message: `the fact "${f.name}" is neither a complaint field, a stage result, nor declared under "facts"${s ? `; did you mean "${s}"?` : ''}`, path: f.path, ...(s ? { suggestion: s } : {}) });
        continue;
      }
      const readsStage = stageFactNames.get(f.name);
      if (readsStage && stage && stageOrder.indexOf(readsStage) >= stageOrder.indexOf(stage)) {
        add({ code: 'STAGE_ORDER', message: `the ${stage} stage cannot read "${f.name}": that result is only known after the ${readsStage} stage (stages run customerType → demand → resolvability)`, path: f.path });
      }
    }
    // The value first: when it is wrong, the fact's type is usually the next thing the author fixes.
    const valueProblem = factRef === undefined ? operatorValueProblem(operator, value) : undefined;
    if (valueProblem) {
      add({ code: 'OPERATOR_VALUE', message: valueProblem, path: [...path, 'value'] });
    } else {
      const type = leaf.path === undefined ? factType(fact) : undefined;
      const rule = operatorFactTypes[operator];
      if (type && rule && ((rule.needs && rule.needs !== type) || rule.refuses?.includes(type))) {
        const works = rule.needs ? `works on ${describeType(rule.needs)}` : `never matches ${describeType(type)} (it compares by identity)`;
        add({ code: 'OPERATOR_FACT_TYPE', message: `the operator "${operator}" ${works}, but the fact "${fact}" is ${describeType(type)}`, path: [...path, 'operator'] });
      }
    }
    if (factRef !== undefined) return;
    if (leaf.path !== undefined) return;
    // Compare values with the known values of the fact, to catch misspellings early.
    const stageOfFact = stageFactNames.get(fact);
    const knownValues: readonly unknown[] | undefined = stageOfFact ? [...(outcomeIds.get(stageOfFact) ?? [])] : complaintFacts.get(fact)?.enum;
    if (!knownValues || !['equal', 'notEqual', 'in', 'notIn'].includes(operator)) return;
    const values = Array.isArray(value) ? value : [value];
    values.forEach((v, i) => {
      if (typeof v !== 'string' || knownValues.includes(v)) return;
      const s = suggest(v, knownValues.map(String));
      add({
        code: stageOfFact ? 'UNKNOWN_OUTCOME' : 'UNKNOWN_VALUE',
        message: `"${v}" is not a possible value of ${fact} (${knownValues.join(', ')})${s ? `; did you mean "${s}"?` : ''}`,
        path: Array.isArray(value) ? [...path, 'value', i] : [...path, 'value'],
        ...(s ? { suggestion: s } : {}),
      });
    });
  };

  for (const stage of stageOrder) spec[stage].outcomes.forEach((o, i) => checkConditions(o.when, [stage, 'outcomes', i, 'when'], stage));

  // Responses and avoid phrases
  const responseIds = new Set(Object.keys(spec.responses));
  const avoidIds = new Set(Object.keys(spec.avoid ?? {}));
  const commitKinds = ['acknowledge', 'resolve', 'update', 'follow-up'];
  const placeholderOk = (name: string) =>
    isKnownFact(name) || [...declared].some((d) => name.startsWith(`${d}.`)) || (name.startsWith('due.') && commitKinds.includes(name.slice(4)));
  const placeholderNames = () => [...knownFactNames(), ...commitKinds.map((k) => `due.${k}`)];
  for (const [id, response] of Object.entries(spec.responses)) checkText(response.text, ['responses', id, 'text'], placeholderOk, placeholderNames);
  for (const [id, phrase] of Object.entries(spec.avoid ?? {})) {
    checkText(phrase.phrase, ['avoid', id, 'phrase']);
    checkText(phrase.reason, ['avoid', id, 'reason']);
    for (const locale of Object.keys(phrase.match ?? {})) {
      if (localeSet.has(locale)) continue;
      const s = suggest(locale, locales);
      add({ code: 'UNKNOWN_LOCALE', message: `"${locale}" is not one of the playbook's locales (${locales.join(', ')})${s ? `; did you mean "${s}"?` : ''}`, path: ['avoid', id, 'match', locale], key: true, ...(s ? { suggestion: s } : {}) });
    }
  }

  // Rules
  const ruleIds = new Set<string>();
  spec.rules.forEach((rule, i) => {
    const base: JsonPath = ['rules', i];
    if (ruleIds.has(rule.id)) add({ code: 'DUPLICATE_ID', message: `the rule id "${rule.id}" is used twice`, path: [...base, 'id'] });
    ruleIds.add(rule.id);
    checkConditions(rule.when, [...base, 'when'], undefined);
    const then = rule.then;
    const checkResponses = (ids: string[] | undefined, path: JsonPath, verb: string) =>
      ids?.forEach((id, j) => {
        if (responseIds.has(id)) return;
        const s = suggest(id, responseIds);
        add({ code: 'UNKNOWN_RESPONSE', message: `the rule "${rule.id}" ${verb} "${id}", which is not under "responses"${s ? `; did you mean "${s}"?` : ''}`, path: [...path, j], ...(s ? { suggestion: s } : {}) });
      });
    const checkAvoids = (ids: string[] | undefined, path: JsonPath, verb: string) =>
      ids?.forEach((id, j) => {
        if (avoidIds.has(id)) return;
        const s = suggest(id, avoidIds);
        add({ code: 'UNKNOWN_AVOID', message: `the rule "${rule.id}" ${verb} "${id}", which is not under "avoid"${s ? `; did you mean "${s}"?` : ''}`, path: [...path, j], ...(s ? { suggestion: s } : {}) });
      });
    checkResponses(then.respond, [...base, 'then', 'respond'], 'responds with');
    checkResponses(then.lead, [...base, 'then', 'lead'], 'leads with');
    checkResponses(then.close, [...base, 'then', 'close'], 'closes with');
    checkResponses(then.suppress?.respond, [...base, 'then', 'suppress', 'respond'], 'suppresses');
    checkAvoids(then.avoid, [...base, 'then', 'avoid'], 'warns about');
    checkAvoids(then.suppress?.avoid, [...base, 'then', 'suppress', 'avoid'], 'suppresses');
    if (then.escalate) {
      if (!levels.has(then.escalate.to)) {
        const s = suggest(then.escalate.to, levels.keys());
        add({ code: 'UNKNOWN_LEVEL', message: `the rule "${rule.id}" escalates to "${then.escalate.to}", which is not an authority level (${[...levels.keys()].join(', ')})${s ? `; did you mean "${s}"?` : ''}`, path: [...base, 'then', 'escalate', 'to'], ...(s ? { suggestion: s } : {}) });
      }
      checkText(then.escalate.reason, [...base, 'then', 'escalate', 'reason']);
    }
    if (then.route !== undefined && departments && !departments.has(then.route)) {
      const s = suggest(then.route, departments);
      add({ code: 'UNKNOWN_DEPARTMENT', message: `the rule "${rule.id}" routes to "${then.route}", which is not under "departments"${s ? `; did you mean "${s}"?` : ''}`, path: [...base, 'then', 'route'], ...(s ? { suggestion: s } : {}) });
    }
    then.commit?.forEach((commit, j) => {
      const path: JsonPath = [...base, 'then', 'commit', j];
      const d = parseDuration(commit.within);
      if (!d) {
        add({ code: 'INVALID_DURATION', message: durationProblem(commit.within), path: [...path, 'within'] });
      } else if ((commit.businessTime ?? true) && d.days > 0 && (d.hours > 0 || d.minutes > 0)) {
        add({ code: 'INVALID_DURATION', message: `"${commit.within}" mixes business days with hours; in business time use either days (3d) or hours and minutes (26h)`, path: [...path, 'within'] });
      }
      if (commit.every !== undefined) {
        const e = parseDuration(commit.every);
        if (commit.kind !== 'update') {
          add({ code: 'INVALID_COMMITMENT', message: `only an update recurs; "every" has no meaning for ${commit.kind}`, path: [...path, 'every'], key: true });
        } else if (!e) {
          add({ code: 'INVALID_DURATION', message: durationProblem(commit.every), path: [...path, 'every'] });
        } else if ((commit.businessTime ?? true) && e.days > 0 && (e.hours > 0 || e.minutes > 0)) {
          add({ code: 'INVALID_DURATION', message: `"${commit.every}" mixes business days with hours; in business time use either days (1d) or hours and minutes (4h)`, path: [...path, 'every'] });
        }
      }
      if (commit.from !== undefined) {
        const order = commitKinds.indexOf(commit.kind);
        if (commitKinds.indexOf(commit.from) >= order || (commit.kind === 'update' && commit.from === 'resolve')) {
          add({ code: 'INVALID_COMMITMENT', message: `${commit.kind} cannot count from ${commit.from}: ${commit.kind === 'acknowledge' ? 'the acknowledgement comes first' : commit.kind === 'update' ? 'updates come before the resolve deadline' : `${commit.from} comes after it`}; count from an earlier commitment (acknowledge → resolve → update → follow-up)`, path: [...path, 'from'] });
        }
      }
      checkText(commit.text, [...path, 'text'], (name) => name === 'due' || name === 'within' || placeholderOk(name), () => ['due', 'within', ...placeholderNames()]);
    });
  });

  // The playbook's own limits, compared with commitments by lint.
  for (const [kind, within] of Object.entries(spec.policy?.maxWithin ?? {})) {
    if (!parseDuration(within)) add({ code: 'INVALID_DURATION', message: durationProblem(within), path: ['policy', 'maxWithin', kind] });
  }

  // The case clocks (track, report).
  const sla = spec.sla;
  if (sla) {
    if (sla.warnAt !== undefined) {
      const share = Number(sla.warnAt.slice(0, -1));
      if (!(share >= 1 && share <= 99)) add({ code: 'INVALID_SLA', message: `warnAt "${sla.warnAt}" must be a share of the window from 1% to 99%`, path: ['sla', 'warnAt'] });
    }
    const checkLevel = (to: string, path: JsonPath, what: string) => {
      if (levels.has(to)) return;
      const s = suggest(to, levels.keys());
      add({ code: 'UNKNOWN_LEVEL', message: `${what} "${to}", which is not an authority level (${[...levels.keys()].join(', ')})${s ? `; did you mean "${s}"?` : ''}`, path, ...(s ? { suggestion: s } : {}) });
    };
    for (const [kind, e] of Object.entries(sla.escalate ?? {})) {
      if (!e) continue;
      const path: JsonPath = ['sla', 'escalate', kind];
      if ((e.to === undefined) === (e.raise === undefined)) {
        add({ code: 'INVALID_SLA', message: `a breached ${kind} escalates either to a named level ("to") or some levels up ("raise"); give exactly one of the two`, path, key: true });
      }
      if (e.to !== undefined) checkLevel(e.to, [...path, 'to'], `a breached ${kind} escalates to`);
      checkText(e.reason, [...path, 'reason']);
    }
    sla.reopen?.respond?.forEach((id, j) => {
      if (responseIds.has(id)) return;
      const s = suggest(id, responseIds);
      add({ code: 'UNKNOWN_RESPONSE', message: `a reopened case responds with "${id}", which is not under "responses"${s ? `; did you mean "${s}"?` : ''}`, path: ['sla', 'reopen', 'respond', j], ...(s ? { suggestion: s } : {}) });
    });
    checkText(sla.reopen?.reason, ['sla', 'reopen', 'reason']);
    const flagged = new Set(spec.rules.flatMap((r) => r.then.flag ?? []));
    sla.trainingFlags?.forEach((flag, j) => {
      if (flagged.has(flag)) return;
      const s = suggest(flag, flagged);
      add({ code: 'INVALID_SLA', message: `the training flag "${flag}" is raised by no rule, so no case would ever carry it${s ? `; did you mean "${s}"?` : ''}`, path: ['sla', 'trainingFlags', j], ...(s ? { suggestion: s } : {}) });
    });
  }

  return calendar ? { problems, calendar } : { problems };
}
