// The CRM screen-pop in Electron (issue 13.7), against the typed fake of Electron: the page asks through IPC,
// the host checks the workstation's allowlist, and only an allowed http(s) page reaches shell.openExternal.
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { readyFake, type Running } from './support';

let running: Running | undefined;
test.afterEach(() => running?.stop());

test('an allowed CRM page opens in the system browser; another host is refused, logged, and nothing opens', async () => {
  running = await readyFake();
  const { electron, call, services } = running;
  services().settings.update({ screenPop: { allowedHosts: ['crm.example.com', '*.corp.example'] } });

  const page = 'https://crm.example.com/contacts/CRM-7?phone=%2B12025550101';
  expect(await call('openScreenPop', { url: page })).toEqual({ openIn: 'browser' });
  expect(await call('openScreenPop', { url: 'https://eu.corp.example/c/1' })).toEqual({ openIn: 'browser' });
  expect(electron.shell.opened).toEqual([page, 'https://eu.corp.example/c/1']);

  await expect(call('openScreenPop', { url: 'https://crm.example.com.evil.example/c/1' })).rejects.toThrow(
    /\[FORBIDDEN\].*crm\.example\.com\.evil\.example is not on screenPop\.allowedHosts/,
  );
  await expect(call('openScreenPop', { url: 'javascript:alert(1)' })).rejects.toThrow(/\[FORBIDDEN\]/);
  await expect(call('openScreenPop', { url: 'file:///etc/passwd' })).rejects.toThrow(/\[FORBIDDEN\]/);
  await expect(call('openScreenPop', { url: 'https://user:pw@crm.example.com/' })).rejects.toThrow(
    /\[FORBIDDEN\]/,
  );
  // The refusal carries the operator's words (a catalog key) for the console to show.
  await expect(call('openScreenPop', { url: 'https://other.example/' })).rejects.toThrow(
    /screenPop\.refused/,
  );
  expect(electron.shell.opened).toHaveLength(2);

  const log = readFileSync(services().log.path, 'utf8');
  expect(log).toContain('screen-pop refused: host not allowed');
  expect(log).toContain('crm.example.com.evil.example');
  // The customer's number in the opened page's query never reaches the log.
  expect(log).not.toContain('12025550101');
});

test('with an empty allowlist nothing opens; the shell part itself refuses anything but a web page', async () => {
  running = await readyFake();
  const { electron, call, desktopParts } = running;
  await expect(call('openScreenPop', { url: 'https://crm.example.com/' })).rejects.toThrow(/\[FORBIDDEN\]/);
  await expect(desktopParts().openExternal('file:///etc/passwd')).rejects.toThrow(
    /refused to open a file: link/,
  );
  await expect(desktopParts().openExternal('ms-settings:privacy')).rejects.toThrow(/refused/);
  expect(electron.shell.opened).toEqual([]);
  // The app's own links (Help, the shared server) still go through the same shell.
  await call('openExternal', { url: 'https://github.com/' });
  expect(electron.shell.opened).toEqual(['https://github.com/']);
});
