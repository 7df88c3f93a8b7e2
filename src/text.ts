import type { LocalizedText } from './types.js';

const placeholderPattern = /\{([A-Za-z0-9_.-]+)(?:\|([^{}]*))?\}/g;

/** The placeholder names used in a template, in order of appearance. */
export function listPlaceholders(template: string): string[] {
  return Array.from(template.matchAll(placeholderPattern), (m) => m[1]!);
}

/**
 * Fills `{name}` and `{name|fallback}` from `lookup`. Values are inserted verbatim, never
 * interpreted: a complaint's text cannot add placeholders or markup that were not in the template.
 * A name without a value and without a fallback is left as written and reported in `missing`.
 */
export function fillPlaceholders(template: string, lookup: (name: string) => unknown): { text: string; missing: string[] } {
  return renderTemplate(compileTemplate(template), lookup);
}

/** A template split once into literal text and placeholders, so filling it is a loop. */
export type CompiledTemplate = ReadonlyArray<string | { name: string; fallback?: string; whole: string }>;

/** Splits a template at its placeholders. */
export function compileTemplate(template: string): CompiledTemplate {
  if (!template.includes('{')) return [template];
  const parts: Array<string | { name: string; fallback?: string; whole: string }> = [];
  let last = 0;
  for (const m of template.matchAll(placeholderPattern)) {
    if (m.index! > last) parts.push(template.slice(last, m.index));
    parts.push(m[2] === undefined ? { name: m[1]!, whole: m[0] } : { name: m[1]!, fallback: m[2], whole: m[0] });
    last = m.index! + m[0].length;
  }
  if (last < template.length) parts.push(template.slice(last));
  return parts;
}

/** The text of a template without placeholders, or `undefined` when it has some. */
export function fixedText(parts: CompiledTemplate): string | undefined {
  return parts.length === 1 && typeof parts[0] === 'string' ? parts[0] : undefined;
}

/** Fills a compiled template; see {@link fillPlaceholders}. */
export function renderTemplate(parts: CompiledTemplate, lookup: (name: string) => unknown): { text: string; missing: string[] } {
  const fixed = fixedText(parts);
  if (fixed !== undefined) return { text: fixed, missing: [] };
  let text = '';
  const missing: string[] = [];
  for (const part of parts) {
    if (typeof part === 'string') {
      text += part;
      continue;
    }
    const rendered = renderValue(lookup(part.name));
    if (rendered !== undefined) text += rendered;
    else if (part.fallback !== undefined) text += part.fallback;
    else {
      missing.push(part.name);
      text += part.whole;
    }
  }
  return { text, missing };
}

function renderValue(value: unknown): string | undefined {
  if (typeof value === 'string') return value.length > 0 ? value : undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : undefined;
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value) && value.every((v) => typeof v === 'string' || typeof v === 'number')) return value.length ? value.join(', ') : undefined;
  return undefined;
}

/** Picks the best available locale among `available` for `wanted`: exact, same language, else the first. */
export function negotiateLocale(wanted: string | undefined, available: readonly string[]): string {
  const fallback = available[0]!;
  if (!wanted) return fallback;
  const lower = wanted.toLowerCase();
  const exact = available.find((l) => l.toLowerCase() === lower);
  if (exact) return exact;
  const language = lower.split('-')[0];
  return available.find((l) => l.toLowerCase().split('-')[0] === language) ?? fallback;
}

/** The text of a {@link LocalizedText} in `locale`, falling back to `defaultLocale`, then any. */
export function localize(text: LocalizedText | undefined, locale: string, defaultLocale: string): string | undefined {
  if (text === undefined) return undefined;
  if (typeof text === 'string') return text;
  return text[locale] ?? text[defaultLocale] ?? Object.values(text)[0];
}
