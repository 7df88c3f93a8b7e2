import { parseDuration, type Duration } from '../calendar/index.js';
import type { JsonPath, PlaybookErrorCode, PlaybookProblem } from '../errors.js';
import { stageOrder } from '../facts.js';
import type { LoadOptions } from '../options.js';
import { validateSource, type Playbook } from '../playbook.js';
import { findTerm, indexText } from '../match.js';
import type { Condition, ConditionLeaf, PlaybookSpec, StageName } from '../types.js';
import { Analyzer, and, literal, toFormula, type Example, type FactDomain } from './logic.js';

/**
 * Options of {@link lintPlaybook}: those of `validatePlaybook`.
 *
 * @example
 * ```ts
 * const options: LintOptions = { filename: 'my-shop.yaml' };
 * ```
 */
export type LintOptions = LoadOptions;

/**
 * The outcome of {@link lintPlaybook}.
 *
 * @example
 * ```ts
 * const { problems }: LintResult = lintPlaybook(yamlText);
 * const strictFailure = problems.length > 0;
 * ```
 */
export interface LintResult {
  /**
   * Every problem in source order: the playbook's load errors (then nothing else is checked),
   * or its lint findings, each with `severity: 'warning'` and a `LINT_*` code.
   */
  problems: PlaybookProblem[];
}

interface Finding {
  code: PlaybookErrorCode;
  message: string;
  path: JsonPath;
  /** Point at the key rather than the value. */
  key?: boolean;
}

const maxText = 160;

function clip(text: string): string {
  return text.length > maxText ? `${text.slice(0, maxText - 1)}…` : text;
}

function renderLeaf(leaf: ConditionLeaf): string {
  const v = leaf.value;
  const value = v !== null && typeof v === 'object' && !Array.isArray(v) && 'fact' in v ? String((v as { fact: unknown }).fact) : JSON.stringify(v);
  return `${leaf.fact}${leaf.path !== undefined ? ` (${leaf.path})` : ''} ${leaf.operator} ${value}`;
}

function renderCondition(c: Condition): string {
  if ('all' in c) return clip(`all of (${c.all.map(renderCondition).join('; ')})`);
  if ('any' in c) return clip(`any of (${c.any.map(renderCondition).join('; ')})`);
  if ('not' in c) return clip(`not (${renderCondition(c.not)})`);
  return clip(renderLeaf(c));
}

function renderExample(example: Example): string {
  if (example.facts.length === 0) return 'any complaint';
  return clip(`a complaint with ${example.facts.map(([fact, value]) => (value === undefined ? `no ${fact}` : `${fact} ${JSON.stringify(value)}`)).join(', ')}`);
}

function describeDomain(fact: string, d: FactDomain): string {
  const kinds = d.kinds.filter((k) => k !== 'undefined');
  const words = kinds.map((k) => {
    if (d.enum) return `one of ${d.enum.map((v) => JSON.stringify(v)).join(', ')}`;
    if (k === 'number') {
      const bounds = [d.minimum !== undefined ? `≥ ${d.minimum}` : '', d.maximum !== undefined ? `≤ ${d.maximum}` : ''].filter(Boolean).join(' and ');
      return `${d.integer ? 'a whole number' : 'a number'}${bounds ? ` ${bounds}` : ''}`;
    }
    return { null: 'null', boolean: 'true or false', string: 'a text', array: 'a list', object: 'an object' }[k as 'null'] ?? k;
  });
  const unique = [...new Set(words)];
  return `${fact} is ${unique.join(' or ')}${d.kinds.includes('undefined') ? ' (or absent)' : ''}`;
}

function childrenOf(node: Condition, path: JsonPath): Array<[Condition, JsonPath]> {
  if ('all' in node) return node.all.map((c, i) => [c, [...path, 'all', i]]);
  if ('any' in node) return node.any.map((c, i) => [c, [...path, 'any', i]]);
  if ('not' in node) return [[node.not, [...path, 'not']]];
  return [];
}

/** Leaves of a condition, in order. */
function leavesOf(node: Condition): ConditionLeaf[] {
  if ('all' in node) return node.all.flatMap(leavesOf);
  if ('any' in node) return node.any.flatMap(leavesOf);
  if ('not' in node) return leavesOf(node.not);
  return [node];
}

/**
 * Reports the smallest parts of a condition that can never hold (stage results free over
 * their outcomes). Returns whether the whole condition can never hold.
 */
function checkContradictions(a: Analyzer, when: Condition, path: JsonPath, add: (f: Finding) => void): boolean {
  const visit = (node: Condition, p: JsonPath): boolean => {
    const children = childrenOf(node, p);
    const childDead = children.map(([c, cp]) => visit(c, cp));
    const dead = a.unsat(toFormula(node, p), false);
    if (!dead || childDead.some(Boolean)) return dead;
    if ('all' in node) {
      // Drop the conditions not needed for the contradiction, to name only those that clash.
      let kept = children;
      for (const child of children) {
        const without = kept.filter((k) => k !== child);
        if (without.length > 0 && a.unsat(and(...without.map(([c, cp]) => toFormula(c, cp))), false)) kept = without;
      }
      const last = kept[kept.length - 1]!;
      add({ code: 'LINT_CONTRADICTION', path: last[1], message: `these conditions can never all hold: ${kept.map(([c]) => renderCondition(c)).join('; ')}` });
    } else if ('not' in node) {
      add({ code: 'LINT_CONTRADICTION', path: p, message: `the condition under "not" always holds (${renderCondition(node.not)}), so this "not" never does` });
    } else if (!('any' in node)) {
      add({ code: 'LINT_CONTRADICTION', path: p, message: `the condition ${renderLeaf(node)} can never hold: ${describeDomain(node.fact, a.domain(node.fact))}` });
    }
    return dead;
  };
  return visit(when, path);
}

/**
 * "Certainly longer" only: days against days, hours and minutes against hours and minutes;
 * in calendar time a day is 24 hours. A business day against hours has no fixed length.
 */
function longer(within: Duration, businessTime: boolean, max: Duration): boolean {
  const onlyDays = (d: Duration) => d.hours === 0 && d.minutes === 0;
  const minutes = (d: Duration) => d.days * 1440 + d.hours * 60 + d.minutes;
  if (onlyDays(within) && onlyDays(max)) return within.days > max.days;
  if (within.days === 0 && max.days === 0) return minutes(within) > minutes(max);
  return !businessTime && minutes(within) > minutes(max);
}

/** The lint findings of a playbook that passed validation, without positions. */
function lintSpec(spec: PlaybookSpec): Finding[] {
  const a = new Analyzer(spec);
  const out: Finding[] = [];
  const add = (f: Finding) => out.push(f);
  const neverChosen = new Map<StageName, string[]>();

  /** Names the never-chosen outcomes of the stages a condition reads, known so far. */
  const unreachableDetail = (stageFactsRead: string[]): string => {
    const parts = stageOrder.flatMap((st) => {
      const ids = neverChosen.get(st) ?? [];
      const reads = stageFactsRead.some((f) => a.stageOf(f) === st);
      return reads && ids.length ? [`the ${st} outcome${ids.length > 1 ? 's' : ''} ${ids.map((id) => `"${id}"`).join(', ')} ${ids.length > 1 ? 'are' : 'is'} never chosen`] : [];
    });
    return parts.length ? ` (${parts.join('; ')})` : '';
  };

  // Stages: outcomes that can never be chosen, overlaps under unique, gaps without a default.
  for (const stage of stageOrder) {
    const s = spec[stage];
    const never: string[] = [];
    neverChosen.set(stage, never);
    const conditional = s.outcomes.map((o, i) => ({ o, i })).filter(({ o }) => o.when !== undefined);
    const live: number[] = [];
    for (const { o, i } of conditional) {
      const base: JsonPath = [stage, 'outcomes', i];
      if (checkContradictions(a, o.when!, [...base, 'when'], add)) {
        if (o.id !== s.default) never.push(o.id);
      } else if (a.unsat(a.outcomeFormula(stage, i), true)) {
        if (o.id !== s.default) never.push(o.id);
        const reads = [...new Set(leavesOf(o.when!).map((l) => l.fact).filter((f) => a.stageOf(f)))];
        add({ code: 'LINT_UNREACHABLE_OUTCOME', path: [...base, 'id'], message: `the outcome "${o.id}" can never match: no complaint satisfies its conditions together with the ${reads.join(' and ')} result they read${unreachableDetail(reads)}` });
      } else {
        live.push(i);
      }
    }
    const hitPolicy = s.hitPolicy ?? 'first';
    for (const [n, j] of live.entries()) {
      const o = s.outcomes[j]!;
      const earlier = conditional.filter(({ i }) => i < j).map(({ i }) => i);
      if (hitPolicy === 'first' && o.id !== s.default && earlier.length > 0) {
        const mine = a.outcomeFormula(stage, j);
        if (a.unsat(and(mine, ...earlier.map((i) => a.outcomeFormula(stage, i, false))), true)) {
          never.push(o.id);
          // Name the fewest earlier outcomes that together cover this one.
          const alone = earlier.find((i) => a.unsat(and(mine, a.outcomeFormula(stage, i, false)), true));
          let by = alone !== undefined ? [alone] : earlier;
          for (const i of alone !== undefined ? [] : earlier) {
            const without = by.filter((k) => k !== i);
            if (a.unsat(and(mine, ...without.map((k) => a.outcomeFormula(stage, k, false))), true)) by = without;
          }
          const names = by.map((i) => `"${s.outcomes[i]!.id}"`).join(', ');
          add({
            code: 'LINT_SHADOWED_OUTCOME',
            path: [stage, 'outcomes', j, 'id'],
            message: `the outcome "${o.id}" can never be chosen: whenever it matches, the earlier outcome${by.length > 1 ? 's' : ''} ${names} match${by.length > 1 ? '' : 'es'} too and the hit policy is first; move it up or narrow ${by.length > 1 ? 'them' : 'it'}`,
          });
        }
      }
      if (hitPolicy === 'unique') {
        // One warning per outcome, naming the first earlier outcome it overlaps with.
        for (const i of live.slice(0, n)) {
          const example = a.example(and(a.outcomeFormula(stage, i), a.outcomeFormula(stage, j)));
          if (example) {
            add({ code: 'LINT_UNIQUE_OVERLAP', path: [stage, 'outcomes', j, 'id'], message: `the outcomes "${s.outcomes[i]!.id}" and "${o.id}" both match some complaints (e.g. ${renderExample(example)}), but the ${stage} stage's hit policy is unique` });
            break;
          }
        }
      }
    }
    if (s.default === undefined) {
      const example = a.example(and(...conditional.map(({ i }) => a.outcomeFormula(stage, i, false))));
      if (example) add({ code: 'LINT_STAGE_GAP', path: [stage], key: true, message: `no outcome of the ${stage} stage matches some complaints (e.g. ${renderExample(example)}) and the stage has no default, so its result is empty; add a default` });
    }
  }

  // Rules.
  const maxWithin = spec.policy?.maxWithin ?? {};
  spec.rules.forEach((rule, i) => {
    const base: JsonPath = ['rules', i];
    let reachable = true;
    if (rule.when !== undefined) {
      if (checkContradictions(a, rule.when, [...base, 'when'], add)) {
        reachable = false;
      } else if (a.unsat(toFormula(rule.when, [...base, 'when']), true)) {
        reachable = false;
        const reads = [...new Set(leavesOf(rule.when).map((l) => l.fact).filter((f) => a.stageOf(f)))];
        add({ code: 'LINT_UNREACHABLE_RULE', path: [...base, 'id'], message: `the rule "${rule.id}" can never match: no complaint satisfies its conditions together with the ${reads.join(' and ')} result they read${unreachableDetail(reads)}` });
      }
    }
    const escalate = rule.then.escalate;
    const level = escalate ? spec.authority.find((l) => l.id === escalate.to) : undefined;
    if (reachable && rule.when !== undefined && level?.maxCompensation !== undefined && leavesOf(rule.when).some((l) => l.fact === 'demand.amount')) {
      const example = a.example(and(toFormula(rule.when, [...base, 'when']), literal('demand.amount', 'greaterThan', level.maxCompensation)));
      if (example) {
        add({
          code: 'LINT_ESCALATION_LIMIT',
          path: [...base, 'then', 'escalate', 'to'],
          message: `the rule "${rule.id}" escalates to "${level.id}", whose compensation limit is ${level.maxCompensation}, but it matches demands above that (e.g. ${renderExample(example)}); escalate to a level that can approve them, or bound demand.amount`,
        });
      }
    }
    rule.then.commit?.forEach((commit, j) => {
      const limit = maxWithin[commit.kind];
      const within = parseDuration(commit.within);
      const max = limit === undefined ? null : parseDuration(limit);
      if (within && max && longer(within, commit.businessTime ?? true, max)) {
        add({ code: 'LINT_COMMITMENT_TOO_LONG', path: [...base, 'then', 'commit', j, 'within'], message: `the rule "${rule.id}" promises ${commit.kind} within ${commit.within}, longer than the playbook's own maximum of ${limit} (policy.maxWithin.${commit.kind})` });
      }
    });
  });

  // Texts nobody uses.
  const responded = new Set([...spec.rules.flatMap((r) => [...(r.then.respond ?? []), ...(r.then.lead ?? []), ...(r.then.close ?? [])]), ...(spec.sla?.reopen?.respond ?? [])]);
  for (const id of Object.keys(spec.responses)) {
    if (!responded.has(id)) add({ code: 'LINT_UNUSED_RESPONSE', path: ['responses', id], key: true, message: `the response "${id}" is not used by any rule` });
  }
  const avoided = new Set(spec.rules.flatMap((r) => r.then.avoid ?? []));
  for (const id of Object.keys(spec.avoid ?? {})) {
    if (!avoided.has(id)) add({ code: 'LINT_UNUSED_AVOID', path: ['avoid', id], key: true, message: `the avoid phrase "${id}" is not used by any rule` });
  }
  checkSuppressions(spec, a, add);
  checkAvoidedInResponses(spec, a, add);
  return out;
}

/** A rule's condition as a formula (a rule without `when` always holds). */
function ruleFormula(spec: PlaybookSpec, i: number) {
  const when = spec.rules[i]!.when;
  return when === undefined ? and() : toFormula(when, ['rules', i, 'when']);
}

/** Whether two rules can be proven never to match together. */
function neverTogether(spec: PlaybookSpec, a: Analyzer, i: number, j: number): boolean {
  return a.unsat(and(ruleFormula(spec, i), ruleFormula(spec, j)), true);
}

/** Suppressions that can never take anything out: nothing else adds the line, or never together. */
function checkSuppressions(spec: PlaybookSpec, a: Analyzer, add: (f: Finding) => void): void {
  spec.rules.forEach((rule, i) => {
    const s = rule.then.suppress;
    if (!s) return;
    const check = (ids: readonly string[] | undefined, key: 'respond' | 'avoid' | 'commit', what: string, adds: (then: PlaybookSpec['rules'][number]['then'], id: string) => boolean) =>
      ids?.forEach((id, j) => {
        const adders = spec.rules.flatMap((r, k) => (k !== i && adds(r.then, id) ? [k] : []));
        if (adders.some((k) => !neverTogether(spec, a, i, k))) return;
        const names = adders.map((k) => `"${spec.rules[k]!.id}"`).join(', ');
        add({
          code: 'LINT_SUPPRESS_NEVER_APPLIES',
          path: ['rules', i, 'then', 'suppress', key, j],
          message: adders.length === 0
            ? `the rule "${rule.id}" suppresses the ${what} "${id}", but no other rule adds it, so the suppression never takes anything out`
            : `the rule "${rule.id}" suppresses the ${what} "${id}", but it never matches together with the rule${adders.length > 1 ? 's' : ''} that add${adders.length > 1 ? '' : 's'} it (${names})`,
        });
      });
    check(s.respond, 'respond', 'response', (then, id) => (then.respond ?? []).includes(id) || (then.lead ?? []).includes(id) || (then.close ?? []).includes(id));
    check(s.avoid, 'avoid', 'avoid entry', (then, id) => (then.avoid ?? []).includes(id));
    check(s.commit, 'commit', 'commitment kind', (then, kind) => (then.commit ?? []).some((c) => c.kind === kind));
  });
}

/** Responses that say what an avoid entry (by its `match` words) forbids, when both can be recommended together. */
function checkAvoidedInResponses(spec: PlaybookSpec, a: Analyzer, add: (f: Finding) => void): void {
  const adders = (pick: (then: PlaybookSpec['rules'][number]['then']) => readonly string[] | undefined, id: string) =>
    spec.rules.flatMap((r, k) => ((pick(r.then) ?? []).includes(id) ? [k] : []));
  for (const [avoidId, entry] of Object.entries(spec.avoid ?? {})) {
    for (const [locale, terms] of Object.entries(entry.match ?? {})) {
      for (const [responseId, response] of Object.entries(spec.responses)) {
        const text = typeof response.text === 'string' ? response.text : response.text[locale];
        if (text === undefined) continue;
        // Turning words only count right after an apology: within a response, only an apology
        // can say one after itself (what is said before a line is not known here).
        if (entry.check === 'turning-after-apology' && response.stage !== 'apologize') continue;
        const index = indexText(text, locale);
        const term = terms.find((w) => findTerm(index, w).some((hit) => !hit.negated));
        if (term === undefined) continue;
        const sayers = [...adders((t) => t.respond, responseId), ...adders((t) => t.lead, responseId), ...adders((t) => t.close, responseId)];
        const warners = adders((t) => t.avoid, avoidId);
        const together = sayers.some((i) => warners.some((j) => i === j || !neverTogether(spec, a, i, j)));
        if (!together) continue;
        add({
          code: 'LINT_AVOIDED_IN_RESPONSE',
          path: typeof response.text === 'string' ? ['responses', responseId, 'text'] : ['responses', responseId, 'text', locale],
          message: `the response "${responseId}" says "${term}", which the avoid entry "${avoidId}" forbids, and both can be recommended to the same customer`,
        });
      }
    }
  }
}

/** How many start times each example is tried at (every 30 minutes over 8 days). */
const orderSamples = 8 * 48;
/** At most this many evaluations for the commitment-order check, so lint always ends quickly. */
const orderBudget = 60_000;

/**
 * Commitments that the engine has to adjust for some complaint: an update at or after the
 * resolve deadline, a follow-up at or before it, an acknowledgement after another deadline, a
 * `from` without its anchor. For each pair of rules with commitments, a complaint matching both
 * is tried at start times across a week; a finding names the complaint and the time.
 */
function checkCommitmentOrder(spec: PlaybookSpec, playbook: Playbook, a: Analyzer): Finding[] {
  const out: Finding[] = [];
  const seen = new Set<string>();
  const committing = spec.rules.flatMap((r, i) => (r.then.commit?.length ? [i] : []));
  // A Monday at midnight in UTC; every half hour from there covers each weekday and a weekend.
  const start = Date.UTC(2026, 10, 23);
  let budget = orderBudget;
  for (let x = 0; x < committing.length && budget > 0; x++) {
    for (let y = x; y < committing.length && budget > 0; y++) {
      const i = committing[x]!;
      const j = committing[y]!;
      const example = a.example(and(ruleFormula(spec, i), ruleFormula(spec, j)));
      if (!example) continue;
      for (let s = 0; s < orderSamples && budget > 0; s++, budget--) {
        const receivedAt = new Date(start + s * 30 * 60_000).toISOString().replace('.000Z', 'Z');
        let warnings;
        try {
          warnings = playbook.evaluateSync({ ...example.complaint, receivedAt }, { trace: false }).trace.warnings;
        } catch {
          continue;
        }
        const found = warnings.find((w) => (w.code === 'COMMITMENT_DROPPED' || w.code === 'COMMITMENT_MOVED') && !seen.has(w.source));
        if (!found) continue;
        seen.add(found.source);
        const [ruleId, , kind] = found.source.split(':');
        const r = spec.rules.findIndex((rule) => rule.id === ruleId);
        const c = r < 0 ? -1 : spec.rules[r]!.then.commit!.findIndex((commit) => commit.kind === kind);
        out.push({
          code: 'LINT_COMMITMENT_ORDER',
          path: r < 0 || c < 0 ? ['rules'] : ['rules', r, 'then', 'commit', c, 'kind'],
          message: `for some complaints (e.g. ${renderExample(example)}, received at ${receivedAt}) ${found.message}; make the deadlines hold together (count from another with "from", or use the same kind of time)`,
        });
        break;
      }
    }
  }
  return out;
}

function byPosition(x: PlaybookProblem, y: PlaybookProblem): number {
  return (x.file ?? '').localeCompare(y.file ?? '') || (x.line ?? 0) - (y.line ?? 0) || (x.column ?? 0) - (y.column ?? 0) || x.code.localeCompare(y.code);
}

/**
 * Loads playbook YAML and looks for what is valid but likely wrong: outcomes and rules that can
 * never match (contradictory conditions, an outcome shadowed by an earlier one under `first`, a
 * stage result that is never produced), overlaps under `unique`, gaps in a stage without a
 * default, an escalation to a level whose compensation limit is below the demands the rule
 * matches, unused responses and avoid phrases, and commitments longer than `policy.maxWithin`.
 *
 * Conservative by design: a finding is reported only when it is proven (for overlaps, gaps and
 * limits, with an example complaint in the message); when unsure, nothing is reported.
 *
 * @example
 * ```ts
 * const { problems } = lintPlaybook(yamlText, { filename: 'retail.yaml' });
 * for (const p of problems) console.log(`${p.file}:${p.line}:${p.column}: ${p.severity} ${p.code}: ${p.message}`);
 * ```
 */
export function lintPlaybook(source: string, options: LintOptions = {}): LintResult {
  const { result: validated, locator } = validateSource(source, options);
  if (!validated.playbook) return { problems: validated.problems };
  const file = options.filename;
  const spec = validated.playbook.spec;
  const findings: PlaybookProblem[] = [...lintSpec(spec), ...checkCommitmentOrder(spec, validated.playbook, new Analyzer(spec))].map((f) => {
    const pos = locator.locate(f.path, f.key ?? false);
    const where = pos?.file ?? file;
    return {
      code: f.code,
      message: f.message,
      path: f.path,
      severity: 'warning',
      ...(where !== undefined ? { file: where } : {}),
      ...(pos ? { line: pos.line, column: pos.column } : {}),
    };
  });
  return { problems: [...validated.problems, ...findings].sort(byPosition) };
}
