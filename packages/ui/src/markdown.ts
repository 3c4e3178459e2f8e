// Member-written Markdown (torrent descriptions, comments) to HTML that is safe to
// inject: raw HTML in the source is escaped, and links may only be http(s) or mailto.
import MarkdownIt from 'markdown-it';

const renderer = new MarkdownIt({ html: false, linkify: true, typographer: false, breaks: true });

const SAFE_LINK = /^(https?:|mailto:|#|\/)/i;
renderer.validateLink = (url: string) => SAFE_LINK.test(url.trim());

// Links open without handing the page over (no window.opener, no referrer).
const defaultLinkOpen = renderer.renderer.rules.link_open;
renderer.renderer.rules.link_open = (tokens, index, options, env, self) => {
  const token = tokens[index];
  token?.attrSet('rel', 'nofollow noopener noreferrer');
  return defaultLinkOpen ? defaultLinkOpen(tokens, index, options, env, self) : self.renderToken(tokens, index, options);
};

export function renderMarkdown(source: string): string {
  return renderer.render(source);
}
