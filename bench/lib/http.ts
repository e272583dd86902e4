export interface TimedResponse {
  status: number;
  /** Time from sending the request to the end of the body, in milliseconds. */
  ms: number;
  body: string;
  location: string | null;
}

/** GET with the given cookies, not following redirects, reading the whole body. */
export async function timedGet(url: string, cookie: string, timeoutMs = 30_000): Promise<TimedResponse> {
  const start = performance.now();
  const response = await fetch(url, {
    headers: { cookie, accept: 'text/html' },
    redirect: 'manual',
    signal: AbortSignal.timeout(timeoutMs),
  });
  const body = await response.text();
  const ms = performance.now() - start;
  return { status: response.status, ms, body, location: response.headers.get('location') };
}

/**
 * Visible text of server-rendered HTML, roughly: React's `<!-- -->` text separators and tags removed,
 * common entities decoded, whitespace collapsed. Enough to check a page says what it should.
 */
export function visibleText(html: string): string {
  return html
    .replace(/<script\b[\s\S]*?<\/script>/gi, ' ')
    .replace(/<!-- -->/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/\s+/g, ' ');
}
