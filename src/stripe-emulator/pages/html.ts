/**
 * The hosted test pages' HTML: a tiny layout, escaping for everything printed, and headers that
 * keep the pages inert: a Content-Security-Policy with no script at all and styles only from the
 * emulator's stylesheet, no framing, no referrer (page URLs carry client secrets), no caching.
 */
import type { FastifyReply } from 'fastify';

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** A template tag that escapes every interpolated value unless it is already `Html`. */
export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let out = strings[0] ?? '';
  values.forEach((value, index) => {
    out += renderValue(value) + (strings[index + 1] ?? '');
  });
  return new Html(out);
}

/** Markup that has been escaped already. */
export class Html {
  constructor(readonly markup: string) {}
}

function renderValue(value: unknown): string {
  if (value instanceof Html) return value.markup;
  if (Array.isArray(value)) return value.map(renderValue).join('');
  if (value === null || value === undefined || value === false) return '';
  if (typeof value === 'string') return escapeHtml(value);
  if (typeof value === 'number' || typeof value === 'bigint' || value === true) {
    return escapeHtml(String(value));
  }
  throw new TypeError('an html template takes text, numbers or Html, not objects');
}

export const STYLESHEET_PATH = '/test/assets/emulator.css';

/** A whole page around `body`. */
export function page(title: string, body: Html): Html {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title}</title>
        <link rel="stylesheet" href="${STYLESHEET_PATH}" />
      </head>
      <body>
        <main>
          <p class="banner">Stripe emulator: test mode. No real money moves.</p>
          ${body}
        </main>
      </body>
    </html>`;
}

/**
 * Sends a page. `redirectOrigins` are the origins the page's form may end up at: browsers apply
 * `form-action` to the redirect that follows a form post, so the return URL's origin is allowed.
 */
export function sendPage(
  reply: FastifyReply,
  status: number,
  content: Html,
  redirectOrigins: string[] = [],
): FastifyReply {
  const formAction = ["'self'", ...redirectOrigins].join(' ');
  return reply
    .code(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header(
      'content-security-policy',
      `default-src 'none'; style-src 'self'; form-action ${formAction}; ` +
        "frame-ancestors 'none'; base-uri 'none'",
    )
    .header('x-content-type-options', 'nosniff')
    .header('x-frame-options', 'DENY')
    .header('referrer-policy', 'no-referrer')
    .header('cache-control', 'no-store')
    .send(content.markup);
}

/** The origin of an absolute http(s) URL, or null: only a parsed origin goes into a CSP header. */
export function originOf(url: string | null | undefined): string | null {
  if (url === null || url === undefined) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.origin : null;
  } catch {
    return null;
  }
}

/** A short page that says one thing, with an optional link onwards. */
export function messagePage(title: string, message: string, link?: { href: string; text: string }) {
  return page(
    title,
    html`<h1>${title}</h1>
      <p>${message}</p>
      ${link === undefined ? '' : html`<p><a href="${link.href}">${link.text}</a></p>`}`,
  );
}
