import { randomUUID } from 'node:crypto';
import { checkGroup, checkProfile } from '../store/settings-schema.js';
import { invalid, isRecord, parseSourceJson } from './source-json.js';
import type { ParsedImport } from './types.js';

/** pgconnect's own export, read back. Profiles and groups get fresh ids, so importing twice never collides. */
export function importPgconnect(text: string): ParsedImport {
  const root = parseSourceJson(text, 'pgconnect export');
  if (!isRecord(root) || root.format !== 'pgconnect' || root.version !== 1) throw invalid('pgconnect export', 'format', 'is not a pgconnect export (version 1)');
  const out: ParsedImport = { profiles: [], groups: [], warnings: [], skipped: [] };
  const newGroupId = new Map<string, string>();
  for (const [i, g] of (Array.isArray(root.groups) ? root.groups : []).entries()) {
    const checked = checkGroup(g, ['groups', i]);
    if (!checked.ok) {
      out.skipped.push({ item: `group ${i + 1}`, reason: checked.problem.reason });
      continue;
    }
    const id = randomUUID();
    newGroupId.set(checked.value.id, id);
    out.groups.push({ ...checked.value, id });
  }
  for (const [i, p] of (Array.isArray(root.profiles) ? root.profiles : []).entries()) {
    const checked = checkProfile(p, ['profiles', i]);
    const item = (isRecord(p) && typeof p.name === 'string' && p.name) || `profile ${i + 1}`;
    if (!checked.ok) {
      out.skipped.push({ item, reason: `${checked.problem.path.slice(2).join('.')}: ${checked.problem.reason}` });
      continue;
    }
    const profile = { ...checked.value, id: randomUUID() };
    const groupId = profile.groupId && newGroupId.get(profile.groupId);
    if (groupId) profile.groupId = groupId;
    else delete profile.groupId;
    out.profiles.push(profile);
  }
  return out;
}
