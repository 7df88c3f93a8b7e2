// Replaces codemirror-json-schema's markdown renderer (markdown-it + shiki) with markdown-it
// alone: schema descriptions need no code highlighting, and raw HTML in them is not rendered.
import MarkdownIt from 'markdown-it';

const renderer = new MarkdownIt({ html: false, linkify: true, typographer: true });

export function renderMarkdown(markdown: string, inline = true): string {
  return inline ? renderer.renderInline(markdown) : renderer.render(markdown);
}
