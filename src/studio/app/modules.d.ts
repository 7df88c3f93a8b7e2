// Modules the studio's build provides (scripts/build-studio.mjs) and one untyped dependency.
declare module 'studio:worker' {
  /** The worker's bundled source. */
  const source: string;
  export default source;
}
declare module 'studio:shipped' {
  /** Shipped playbooks and test files (by file name) and examples (by file name), as text. */
  const shipped: { playbooks: Record<string, string>; examples: Record<string, string> };
  export default shipped;
}
declare module 'markdown-it' {
  export default class MarkdownIt {
    constructor(options?: Record<string, unknown>);
    render(text: string): string;
    renderInline(text: string): string;
  }
}
