/** The text form of a reply check: the draft, line by line, each finding marked under its words. */
import type { ReplyCheck } from './types.js';

/** Columns a character takes in a terminal: 2 for East Asian wide and full-width forms. */
function columns(text: string): number {
  let n = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    const wide =
      (c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf) || (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xf900 && c <= 0xfaff) ||
      (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) || (c >= 0xffe0 && c <= 0xffe6) || (c >= 0x20000 && c <= 0x3fffd);
    n += wide ? 2 : 1;
  }
  return n;
}

/**
 * The draft with each finding marked under it (`^^^^ error CODE: message`, then the suggestion),
 * and a last line counting errors and warnings.
 *
 * @example
 * ```ts
 * process.stdout.write(formatReplyCheck(draft, checkReply(draft, rec), 'draft.txt'));
 * ```
 */
export function formatReplyCheck(draft: string, check: ReplyCheck, name = '<draft>'): string {
  const zh = check.locale === 'zh-CN';
  const lines = draft.split('\n');
  // The newline that ends the last line opens no line of its own (unless something is marked there).
  if (lines.length > 1 && lines[lines.length - 1] === '' && !check.findings.some((f) => f.start === draft.length)) lines.pop();
  const gutter = String(lines.length).length;
  const out: string[] = [];
  let offset = 0;
  lines.forEach((raw, i) => {
    const line = raw.replace(/\r$/, '').replace(/\t/g, ' ');
    const lineStart = offset;
    const lineEnd = offset + raw.length;
    offset = lineEnd + 1;
    out.push(` ${String(i + 1).padStart(gutter)} | ${line}`);
    const last = i === lines.length - 1;
    for (const f of check.findings) {
      const starts = f.start >= lineStart && (f.start < lineEnd || (f.start === lineEnd && (f.end === f.start ? last : false)) || (f.start === lineEnd && last));
      if (!starts) continue;
      const pad = ' '.repeat(columns(line.slice(0, f.start - lineStart)));
      const marked = line.slice(f.start - lineStart, Math.min(f.end, lineEnd) - lineStart);
      const blank = ` ${' '.repeat(gutter)} | `;
      out.push(`${blank}${pad}${'^'.repeat(Math.max(1, columns(marked)))} ${f.severity} ${f.code}: ${f.message}`);
      if (f.suggestion) out.push(`${blank}${pad}${zh ? '建议' : 'suggestion'}: ${f.suggestion}`);
    }
  });
  const errors = check.findings.filter((f) => f.severity === 'error').length;
  const warnings = check.findings.length - errors;
  out.push('');
  out.push(
    check.findings.length === 0
      ? `${name}: ${zh ? '没有发现问题' : 'no findings'}`
      : zh
        ? `${name}: ${errors} 个错误, ${warnings} 个警告`
        : `${name}: ${errors} error(s), ${warnings} warning(s)`,
  );
  return `${out.join('\n')}\n`;
}
