/**
 * An example macOS configuration profile (`.mobileconfig`) with every policy, for IT to trim and upload to their
 * MDM. The settings are under `Recommended` at their defaults (so the example, installed as it is, locks
 * nothing); the restrictions, which can only be mandatory, are at the top level with example values. Its payload is the app's preference domain (`com.dialdeck.app`): the MDM
 * installs the keys as managed preferences, which main/policy/macos-preferences.ts reads as mandatory; keys
 * under `Recommended` are recommended.
 */
import { createHash } from 'node:crypto';
import { build, type PlistValue } from 'plist';
import { POLICY_BUNDLE_ID, policyDefinitions, type PolicyDefinition } from '../../core/policy';

/** Stable UUIDs, so regenerating the example gives the same file. */
function uuidOf(seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`.toUpperCase();
}

/** A plist value of the policy's type: `<true/>`, `<integer>`, `<real>`, `<string>`, `<array>`, `<dict>`. */
export function exampleValue(d: PolicyDefinition): PlistValue {
  if (d.type === 'number' && Number.isInteger(d.example))
    return { __real: d.example } as unknown as PlistValue;
  return d.example as PlistValue;
}

export function buildMobileconfig(definitions = policyDefinitions()): string {
  const mandatory: Record<string, PlistValue> = {};
  const recommended: Record<string, PlistValue> = {};
  for (const d of definitions) (d.mandatoryOnly ? mandatory : recommended)[d.name] = exampleValue(d);
  const profile = {
    PayloadDisplayName: 'Dialdeck managed policy (example)',
    PayloadDescription:
      'Every Dialdeck policy. Keys at the top level of the Dialdeck payload are mandatory (locked); keys inside ' +
      'Recommended are defaults the operator may change. Move the settings you want to lock to the top level, ' +
      'and remove the ones you do not manage.',
    PayloadIdentifier: `${POLICY_BUNDLE_ID}.policy`,
    PayloadOrganization: 'Your organisation',
    PayloadScope: 'System',
    PayloadType: 'Configuration',
    PayloadUUID: uuidOf('profile'),
    PayloadVersion: 1,
    PayloadContent: [
      {
        PayloadDisplayName: 'Dialdeck',
        PayloadIdentifier: `${POLICY_BUNDLE_ID}.policy.settings`,
        PayloadType: POLICY_BUNDLE_ID,
        PayloadUUID: uuidOf('settings'),
        PayloadVersion: 1,
        ...mandatory,
        Recommended: recommended,
      },
    ],
  };
  return fixReals(build(profile as unknown as PlistValue, { pretty: true, indent: '  ' }));
}

/**
 * plist writes a whole number as `<integer>` even where the policy is a real (ringer volume 1.0); the marker
 * object above comes out as a one-key dict, turned back into `<real>` here.
 */
function fixReals(xml: string): string {
  return xml.replace(
    /<dict>\s*<key>__real<\/key>\s*<integer>(-?\d+)<\/integer>\s*<\/dict>/g,
    '<real>$1.0</real>',
  );
}
