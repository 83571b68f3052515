import { describe, expect, it } from 'vitest';
import { parseObservation } from '../../src/scenario/parseObservation.js';

describe('parseObservation (the command line’s --observe)', () => {
  it('reads NAME@YEAR=VALUE, NAME@YEAR:MONTHS=VALUE and a regime by name', () => {
    expect(parseObservation('oilPrice@2026=62.5')).toEqual({ ok: true, observation: { name: 'oilPrice', year: 2026, value: 62.5 } });
    expect(parseObservation('turnover@2026:4=85.2')).toEqual({ ok: true, observation: { name: 'turnover', year: 2026, months: 4, value: 85.2 } });
    expect(parseObservation('regime@2026=escalation')).toEqual({ ok: true, observation: { name: 'regime', year: 2026, value: 'escalation' } });
    expect(parseObservation('share.cars.china@2026=0.48')).toEqual({ ok: true, observation: { name: 'share.cars.china', year: 2026, value: 0.48 } });
  });

  it('refuses what is not of that form, saying what is expected', () => {
    for (const text of ['oilPrice=62', 'oilPrice@26=62', '@2026=1', 'oilPrice@2026=', 'oilPrice@2026:=3', '2026@oilPrice=1']) {
      const parsed = parseObservation(text);
      expect(parsed.ok, text).toBe(false);
      if (!parsed.ok) expect(parsed.message).toMatch(/NAME@YEAR=VALUE/);
    }
  });
});
