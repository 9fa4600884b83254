/**
 * Redaction for everything the bridge writes: by key (anything that names a secret) and by value (every secret
 * the bridge has been handed, plus their URL- and base64-encoded forms), so a secret that ends up inside an
 * error message from a library is still caught.
 */
const SECRET_KEY = /pass(word|phrase)?|secret|token|authorization|cookie|credential|private.?key|sslpassword|^pem$/i;
const URL_USERINFO = /(\b[a-z][a-z0-9+.-]*:\/\/[^:/?#@\s]*:)[^@/?#\s]*@/gi;
const REDACTED = '[redacted]';

export class Redactor {
  readonly #values = new Set<string>();

  /** Remembers a secret value; shorter than 4 characters would redact ordinary words, so those are kept by key only. */
  add(secret: string | undefined): void {
    if (!secret || secret.length < 4) return;
    this.#values.add(secret);
    this.#values.add(encodeURIComponent(secret));
    this.#values.add(Buffer.from(secret).toString('base64'));
    this.#values.add(Buffer.from(secret).toString('base64url'));
  }

  text(s: string): string {
    let out = s.replace(URL_USERINFO, `$1${REDACTED}@`);
    for (const v of this.#values) if (out.includes(v)) out = out.split(v).join(REDACTED);
    return out;
  }

  /** A deep copy with secret-named keys and secret values replaced. Cycles and depth are bounded. */
  value(v: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
    if (typeof v === 'string') return this.text(v);
    if (v === null || typeof v !== 'object') return v;
    if (seen.has(v) || depth > 8) return '[…]';
    seen.add(v);
    if (v instanceof Error) {
      return { name: v.name, message: this.text(v.message), code: (v as { code?: unknown }).code };
    }
    if (Array.isArray(v)) return v.map((x) => this.value(x, depth + 1, seen));
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = SECRET_KEY.test(k) && x != null && x !== '' ? REDACTED : this.value(x, depth + 1, seen);
    return out;
  }
}
