/**
 * Turns the first zod issue into an error a developer can act on: which field (`profile.hosts.0.port`) and
 * what is wrong with it ("must be at most 65535"). Messages describe the rule, never the rejected value,
 * because that value may be a password.
 */
import type * as z from 'zod/mini';

export interface FrameIssue {
  code: 'PROTOCOL_INVALID_MESSAGE' | 'PROTOCOL_UNKNOWN_OP';
  message: string;
  field?: string;
}

type Issue = z.core.$ZodIssue;
type Path = readonly PropertyKey[];

/** Dotted, as the profile validator names fields: `profile.hosts.0.port`. */
export function formatPath(path: Path): string {
  return path.map(String).join('.');
}

export function describeIssue(issue: Issue, input: unknown): FrameIssue {
  // An unknown `type` at the top is an unknown operation, not a malformed one.
  if (issue.code === 'invalid_union' && issue.path.length === 1 && issue.path[0] === 'type') {
    const type = valueAt(input, ['type']);
    if (typeof type === 'string') {
      // Message types are not secret, but only a plausible one is worth echoing.
      const shown = /^[A-Za-z][A-Za-z0-9.]{0,63}$/.test(type) ? `"${type}"` : 'type';
      return { code: 'PROTOCOL_UNKNOWN_OP', message: `${shown} is not a known message type`, field: 'type' };
    }
  }
  const innermost = innermostIssue(issue, []);
  const path = [...innermost.prefix, ...innermost.issue.path];
  const fieldPath = innermost.issue.code === 'unrecognized_keys' ? [...path, innermost.issue.keys[0] ?? ''] : path;
  const field = formatPath(fieldPath);
  const rule = describeRule(innermost.issue, valueAt(input, path));
  return {
    code: 'PROTOCOL_INVALID_MESSAGE',
    message: field === '' ? `the message ${rule}` : `${field} ${rule}`,
    ...(field === '' ? {} : { field }),
  };
}

/**
 * A plain union (a PEM source is `{path}` or `{pem}`) reports one issue list per member. The member that
 * got furthest into the input is the one the sender meant, so its issue is the one to report.
 */
function innermostIssue(issue: Issue, prefix: Path): { issue: Issue; prefix: Path } {
  if (issue.code !== 'invalid_union' || issue.errors.length === 0) return { issue, prefix };
  let best: Issue | undefined;
  for (const branch of issue.errors) {
    const first = branch[0];
    if (first !== undefined && (best === undefined || reach(first) > reach(best))) best = first;
  }
  return best === undefined ? { issue, prefix } : innermostIssue(best, [...prefix, ...issue.path]);
}

/** How deep into the input an issue got, following nested unions (`'system' | {path} | {pem}`). */
function reach(issue: Issue): number {
  if (issue.code !== 'invalid_union') return issue.path.length;
  return issue.path.length + Math.max(0, ...issue.errors.map((branch) => (branch[0] ? reach(branch[0]) : 0)));
}

function describeRule(issue: Issue, value: unknown): string {
  switch (issue.code) {
    case 'invalid_type':
      return value === undefined ? 'is required' : `must be ${TYPE_NAMES[issue.expected] ?? issue.expected}`;
    case 'too_big':
      return `must ${bound('at most', issue.maximum, issue.origin)}`;
    case 'too_small':
      return issue.origin === 'string' && issue.minimum === 1 ? 'must not be empty' : `must ${bound('at least', issue.minimum, issue.origin)}`;
    case 'invalid_format':
      return issue.format === 'regex' ? 'has an invalid format' : `must be a valid ${issue.format}`;
    case 'invalid_value':
      return `must be ${issue.values.length === 1 ? '' : 'one of '}${issue.values.map(show).join(', ')}`;
    case 'invalid_union':
    {
      if (value === undefined) return 'is required';
      // A discriminated union lists the discriminator values it knows.
      const options = 'options' in issue ? issue.options : undefined;
      return options && options.length > 0
        ? `must be one of ${options.map(show).join(', ')}`
        : 'does not match any allowed shape';
    }
    case 'unrecognized_keys':
      return 'is not a known field';
    case 'invalid_key':
      return 'has an invalid key';
    case 'custom':
      return issue.message;
    default:
      return 'is not valid';
  }
}

const TYPE_NAMES: Readonly<Record<string, string>> = {
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'true or false',
  object: 'an object',
  array: 'an array',
  null: 'null',
};

function bound(relation: string, limit: number | bigint, origin: string): string {
  const unit = origin === 'string' ? ' characters' : origin === 'array' || origin === 'set' ? ' items' : '';
  return origin === 'string' || origin === 'array' || origin === 'set' ? `have ${relation} ${limit}${unit}` : `be ${relation} ${limit}`;
}

/** Allowed values come from our schemas, never from the input, so they are safe to show. */
function show(value: unknown): string {
  return typeof value === 'string' ? `"${value}"` : String(value);
}

function valueAt(input: unknown, path: Path): unknown {
  let current = input;
  for (const key of path) {
    if (typeof current !== 'object' || current === null || !Object.hasOwn(current, key)) return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}
