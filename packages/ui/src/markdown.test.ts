import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './markdown';

describe('renderMarkdown', () => {
  it('renders ordinary Markdown', () => {
    expect(renderMarkdown('# Title\n\n**bold** [site](https://example.org)')).toContain('<h1>Title</h1>');
    expect(renderMarkdown('[site](https://example.org)')).toContain('rel="nofollow noopener noreferrer"');
  });

  it('escapes raw HTML and drops script links', () => {
    const html = renderMarkdown('<script>alert(1)</script> <img src=x onerror=alert(1)> [x](javascript:alert(1))');
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('href="javascript:');
    expect(html).toContain('&lt;script&gt;');
  });
});
