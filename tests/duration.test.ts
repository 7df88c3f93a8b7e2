import { describe, expect, it } from 'vitest';
import { durationMinutes, parseDuration } from '../src/calendar/index.js';

describe('parseDuration: accepted forms', () => {
  it.each([
    // text, days, hours, minutes, total minutes
    ['30m', 0, 0, 30, 30],
    ['2h', 0, 2, 0, 120],
    ['1h30m', 0, 1, 30, 90],
    ['3d', 3, 0, 0, 4320],
    ['1d12h', 1, 12, 0, 2160],
    ['1d2h3m', 1, 2, 3, 1563],
    ['1d30m', 1, 0, 30, 1470],
    ['90m', 0, 0, 90, 90],
    ['0d1m', 0, 0, 1, 1],
    ['366d', 366, 0, 0, 527040],
    ['PT2H', 0, 2, 0, 120],
    ['P3D', 3, 0, 0, 4320],
    ['P1DT2H30M', 1, 2, 30, 1590],
    ['PT45M', 0, 0, 45, 45],
    ['P1DT12H', 1, 12, 0, 2160],
  ] as const)('%s -> %i d %i h %i m (%i min)', (text, days, hours, minutes, total) => {
    const d = parseDuration(text);
    expect(d).toEqual({ days, hours, minutes, text });
    expect(durationMinutes(d!)).toBe(total);
  });

  it('keeps the trimmed source text', () => {
    expect(parseDuration('  2h ')).toEqual({ days: 0, hours: 2, minutes: 0, text: '2h' });
  });
});

describe('parseDuration: rejected forms', () => {
  it.each([
    [''],
    ['   '],
    ['0m'],
    ['0d0h0m'],
    ['-1h'],
    ['1.5h'],
    ['h'],
    ['2x'],
    ['400d'],
    ['366d1m'],
    ['PT0S'],
    ['PT30S'],
    ['P'],
    ['PT'],
    ['P1DT'],
    ['P2W'],
    ['P1M'],
    ['2h1d'],
    ['30m2h'],
    ['1h1h'],
    ['2 h'],
    ['1h 30m'],
    ['2H'],
    ['2'],
    ['+2h'],
    ['99999999999999999999m'],
  ])('%j -> null', (text) => {
    expect(parseDuration(text)).toBeNull();
  });
});

describe('duration messages in a playbook say what to write', () => {
  it.each([
    ['0h', 'INVALID_DURATION', /"0h" is zero: a duration must be more than zero/],
    ['400d', 'INVALID_DURATION', /"400d" is too long: a duration is at most 366 days/],
    ['soon', 'INVALID_DURATION', /"soon" is not a duration; write for example 30m, 2h/],
    ['2', 'SCHEMA_TYPE', /^rules #1 › then › commit #1 › within: a duration needs its unit: write 2h for hours or 2d for days/],
  ])('within: %s', async (within, code, message) => {
    const { readFileSync } = await import('node:fs');
    const { validatePlaybook } = await import('complaint-playbook');
    const desk = readFileSync(new URL('./fixtures/yaml-structure/desk.yaml', import.meta.url), 'utf8');
    const { problems } = validatePlaybook(desk.replace('within: 2h', `within: ${within}`));
    expect(problems.map((p) => [p.code, p.path.join('.')])).toEqual([[code, 'rules.0.then.commit.0.within']]);
    expect(problems[0]!.message).toMatch(message);
  });
});
