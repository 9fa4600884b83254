/**
 * Redaction for everything the bridge writes: by key (anything that names a secret) and by value (every secret
 * the bridge has been handed, plus their URL- and base64-encoded forms), so a secret that ends up inside an
 * error message from a library is still caught.
 */
const SECRET_KEY = /pass(word|phrase)?|secret|token|authorization|cookie|credential|private.?key|sslpassword|^pem$/i;
const URL_USERINFO = /(\b[a-z][a-z0-9+.-]*:\/\/[^:/?#@\s]*:)[^@/?#\s]*@/gi;
/**
 * Secrets recognised by their shape, whoever issued them: the signing parts of an RDS IAM token (a presigned
 * URL, also URL-encoded) and any JSON Web Token (Entra access tokens).
 */
const AWS_PRESIGNED = /(X-Amz-(?:Signature|Credential|Security-Token)(?:=|%3D))[^&\s"']+/gi;
const JWT = /\beyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g;
const REDACTED = '[redacted]';
/** How often at most registrations whose time is up are dropped. */
const PRUNE_EVERY_MS = 60_000;

/** How long a value given to {@link Redactor.add} is kept: the bridge's life, or a time in ms. */
export interface RedactFor {
  forMs?: number;
}

export class Redactor {
  /** Each registered form of a secret, with when it may be forgotten (Infinity: never). */
  readonly #values = new Map<string, number>();
  #prunedAt = Date.now();

  /**
   * Remembers a secret value, in the forms it could be written in. Shorter than 4 characters would redact
   * ordinary words, so those are kept by key only. A value that only matters for a while — a cloud token, new
   * for every pooled connection — is given `forMs`, so a long-running bridge does not collect them forever.
   */
  add(secret: string | undefined, options: RedactFor = {}): void {
    if (!secret || secret.length < 4) return;
    const now = Date.now();
    if (now - this.#prunedAt >= PRUNE_EVERY_MS) this.#prune(now);
    const until = options.forMs === undefined ? Number.POSITIVE_INFINITY : now + options.forMs;
    const bytes = Buffer.from(secret);
    for (const form of [secret, encodeURIComponent(secret), bytes.toString('base64'), bytes.toString('base64url')]) {
      this.#values.set(form, Math.max(this.#values.get(form) ?? 0, until));
    }
  }

  /** How many forms of secrets are registered (for tests of the bound). */
  get size(): number {
    return this.#values.size;
  }

  text(s: string): string {
    let out = s.replace(URL_USERINFO, `$1${REDACTED}@`).replace(AWS_PRESIGNED, `$1${REDACTED}`).replace(JWT, REDACTED);
    for (const v of this.#values.keys()) if (out.includes(v)) out = out.split(v).join(REDACTED);
    return out;
  }

  #prune(now: number): void {
    this.#prunedAt = now;
    for (const [value, until] of this.#values) if (until <= now) this.#values.delete(value);
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
