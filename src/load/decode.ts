/** Where UTF-8 decoding failed: the byte offset of the bad sequence and its 1-based line and column. */
export interface EncodingFailure {
  offset: number;
  line: number;
  column: number;
}

/** Decodes the complete characters of `bytes`; a sequence cut at the end is held back, not an error. */
function decodePrefix(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes, { stream: true });
  } catch {
    return undefined;
  }
}

/**
 * Decodes UTF-8 strictly: invalid bytes are an error, never silently replaced by U+FFFD. A
 * leading BOM is dropped. On failure, finds the first bad sequence by bisection (the decoder does
 * not say where), so the cost stays a few dozen passes over the bytes at most.
 */
export function decodeUtf8(bytes: Uint8Array): { text: string } | { failure: EncodingFailure } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    // The longest prefix without a bad byte: the bad sequence starts after its complete characters
    // (when every prefix is fine, the file ends inside a character).
    let good = 0;
    let bad = bytes.length + 1;
    while (bad - good > 1) {
      const mid = good + Math.floor((bad - good) / 2);
      if (decodePrefix(bytes.subarray(0, mid)) !== undefined) good = mid;
      else bad = mid;
    }
    const before = decodePrefix(bytes.subarray(0, good)) ?? '';
    const lines = before.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
    return { failure: { offset: new TextEncoder().encode(before).length, line: lines.length, column: lines[lines.length - 1]!.length + 1 } };
  }
}
