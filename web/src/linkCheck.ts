import { didYouMean } from '../../src/scenario/didYouMean.js';
import type { Knob } from '../../src/scenario/scenarioSchema.js';
import type { ScenarioDocument, ScenarioSummary } from './apiClient.js';
import type { IgnoredLinkPart } from './pageState.js';

/**
 * What a shared link asked for that the page cannot show, checked before the first run so the
 * page runs what is valid and says, in its own words, what it left out — rather than falling
 * back in silence or failing with a message meant for the command line.
 */

/** The parts of a link that could not be read at all (`paths=lots`), in a sentence. */
export function ignoredPartsInWords(ignored: readonly IgnoredLinkPart[]): string[] {
  if (ignored.length === 0) return [];
  const parts = ignored.map((part) => `${part.key} “${part.value.slice(0, 60)}”`).join(', ');
  return [`This link has settings the page cannot read, so they are at their defaults: ${parts}.`];
}

/** A scenario the link names that the server does not have: the page shows the first of `scenarios` instead, or drops the pin. */
export function unknownScenarioInWords(asked: string, scenarios: readonly ScenarioSummary[], role: 'shown' | 'pinned'): string {
  const near = didYouMean(
    asked,
    scenarios.map((s) => s.id),
  );
  const hint = near ? ` (${near})` : '';
  if (role === 'pinned') return `This link pins a projection of the scenario “${asked}”, which this server does not have${hint}; the pin is left out.`;
  return `This link asks for the scenario “${asked}”, which this server does not have${hint}; showing “${scenarios[0]?.name ?? 'the first scenario'}” instead.`;
}

/**
 * The link's knob settings that the scenario can take: a knob it does not have is left out (with
 * the nearest names, by label), a value outside the slider's range is put back to the scenario's
 * value. Each change is a sentence for the page's notices.
 */
export function knobsFromLink(knobs: Readonly<Record<string, number>>, doc: ScenarioDocument): { readonly knobs: Record<string, number>; readonly notices: string[] } {
  const declared = doc.scenario.knobs as Readonly<Record<string, Knob>>;
  const kept: Record<string, number> = {};
  const notices: string[] = [];
  for (const [name, value] of Object.entries(knobs)) {
    const knob = declared[name];
    if (!knob) {
      const near = didYouMean(name, Object.keys(declared)).replace(/"([^"]+)"/g, (_, found: string) => `“${declared[found]?.label ?? found}” (${found})`);
      notices.push(`This link sets “${name}”, which the scenario “${doc.scenario.name}” has no slider for, so it is left out${near ? ` — ${near}` : '.'}`);
      continue;
    }
    if (!(value >= knob.min && value <= knob.max)) {
      notices.push(`This link sets “${knob.label}” to ${value}, outside its range of ${knob.min} to ${knob.max} (${knob.unit}); it is back at the scenario’s ${knob.value}.`);
      continue;
    }
    kept[name] = value;
  }
  return { knobs: kept, notices };
}
