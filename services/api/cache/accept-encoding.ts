/**
 * Whether an Accept-Encoding header (RFC 9110 §12.5.3) allows a gzip answer: `gzip` (or its
 * alias `x-gzip`) with a q-value above 0, or `*` above 0 when gzip is not itself refused.
 * A missing header means identity only: proxies and scripts that send none get plain JSON.
 */
export function acceptsGzip(header: string | undefined): boolean {
  if (header === undefined) return false;
  let named: number | undefined;
  let wildcard: number | undefined;
  for (const part of header.split(',')) {
    const [coding = '', ...parameters] = part.split(';').map((token) => token.trim().toLowerCase());
    const q = qualityOf(parameters);
    if (coding === 'gzip' || coding === 'x-gzip') named = Math.max(named ?? 0, q);
    else if (coding === '*') wildcard = q;
  }
  if (named !== undefined) return named > 0;
  return wildcard !== undefined && wildcard > 0;
}

/** The q parameter (default 1); a malformed one counts as 0, so a coding is never forced on a client. */
function qualityOf(parameters: readonly string[]): number {
  const q = parameters.find((parameter) => parameter.startsWith('q='));
  if (q === undefined) return 1;
  const text = q.slice(2).trim();
  if (!/^(0(\.\d{0,3})?|1(\.0{0,3})?)$/.test(text)) return 0;
  return Number(text);
}
