import { describe, expect, it } from 'vitest';
import { detectSupabase } from './supabase.js';

describe('Supabase', () => {
  it('recognises the direct host, its project ref and the postgres user', () => {
    const match = detectSupabase('db.apbkobhfnmcqqzqeeqss.supabase.co');
    expect(match).toMatchObject({ endpoint: 'direct', projectRef: 'apbkobhfnmcqqzqeeqss', region: null });
    expect(match?.preset).toMatchObject({ sslmode: 'verify-full', port: 5432, user: 'postgres', rootCert: { kind: 'download' } });
    expect(match?.notes.join(' ')).toMatch(/postgres\.apbkobhfnmcqqzqeeqss/);
  });

  it('recognises the shared pooler with its region, session port and the user rule', () => {
    for (const host of ['aws-0-us-east-1.pooler.supabase.com', 'aws-1-ap-northeast-1.pooler.supabase.com']) {
      const match = detectSupabase(host);
      expect(match, host).toMatchObject({ endpoint: 'pooler', projectRef: null });
      expect(match?.preset.port).toBe(5432);
      expect(match?.preset.user).toBeUndefined();
      expect(match?.notes.join(' ')).toMatch(/6543 is transaction mode/);
      expect(match?.notes.join(' ')).toMatch(/postgres\.<project-ref>/);
    }
    expect(detectSupabase('aws-1-ap-northeast-1.pooler.supabase.com')?.region).toBe('ap-northeast-1');
  });

  it('ignores other supabase.co and supabase.com hosts', () => {
    expect(detectSupabase('apbkobhfnmcqqzqeeqss.supabase.co')).toBeNull();
    expect(detectSupabase('supabase.com')).toBeNull();
  });
});
