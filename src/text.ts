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
  if (!template.includes('{')) return { text: template, missing: [] };
  const missing: string[] = [];
  const text = template.replace(placeholderPattern, (whole, name: string, fallback: string | undefined) => {
    const value = lookup(name);
    const rendered = renderValue(value);
    if (rendered !== undefined) return rendered;
    if (fallback !== undefined) return fallback;
    missing.push(name);
    return whole;
  });
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
