// Policy read again while the app runs: the timer's refresh tells the views only when something changed; the
// operator's Reload always does.
import { expect, test } from '@playwright/test';
import { resolvePolicy, type PolicyEntry } from '../../../core/policy';
import type { HostServiceContext } from '../../../main/host-service';
import { livePolicy } from '../../../main/policy/live-policy';
import { refreshPolicy } from '../../../main/policy/host-service';

test('a refresh that finds the same policy stays silent; a change, or a Reload, logs and tells the views', () => {
  let entries: PolicyEntry[] = [
    { name: 'DtmfMode', value: 'info', level: 'mandatory', scope: 'machine', source: 'a.json' },
  ];
  const policy = livePolicy(() => resolvePolicy(entries, ['a.json']));
  const events: string[] = [];
  const logged: string[] = [];
  const ctx = {
    policy,
    emit: (event: string) => void events.push(event),
    log: { write: (e: { message: string }) => void logged.push(e.message), path: '' },
    settings: { view: () => ({}) },
  } as unknown as HostServiceContext;

  refreshPolicy(ctx);
  expect(events).toEqual([]);

  entries = [{ name: 'DtmfMode', value: 'smoke', level: 'mandatory', scope: 'machine', source: 'a.json' }];
  const changed = refreshPolicy(ctx);
  expect(changed.policies[0]).toMatchObject({ status: 'ignored' });
  expect(events).toEqual(['settingsChanged']);
  expect(logged).toEqual([expect.stringMatching(/^policy ignored: DtmfMode — bad value/)]);

  refreshPolicy(ctx, { always: true });
  expect(events).toEqual(['settingsChanged', 'settingsChanged']);
});
