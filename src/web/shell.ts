/**
 * Renders each page once, at start-up: the shared shell (`web/shell.html`) around the page's
 * fragment. Templates use `{{name}}` markers; a marker left unfilled fails the start-up, so a
 * typo cannot ship a page with a hole in it.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PageSpec } from './pages.js';
import { WEB_ROOT } from './web-root.js';

/** A page's whole HTML, ready to send. */
export interface RenderedPage {
  spec: PageSpec;
  html: string;
}

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** Reads the templates and renders every page; fails on a missing file or marker. */
export async function renderPages(specs: readonly PageSpec[]): Promise<RenderedPage[]> {
  const shell = await readFile(join(WEB_ROOT, 'shell.html'), 'utf8');
  const adminNav = await readFile(join(WEB_ROOT, 'admin-nav.html'), 'utf8');
  return Promise.all(
    specs.map(async (spec) => {
      const fragment = await readFile(join(WEB_ROOT, 'pages', `${spec.name}.html`), 'utf8');
      const main = fill(fragment, spec.slots ?? {}, spec.name);
      const html = fill(
        shell,
        {
          title: escapeHtml(spec.title),
          script: escapeHtml(spec.name),
          section_nav: spec.section === 'admin' ? adminNav : '',
          main,
        },
        'shell',
      );
      return { spec, html };
    }),
  );
}

function fill(template: string, values: Record<string, string>, where: string): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_marker, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`web/${where}: no value for {{${name}}}`);
    return value;
  });
}
