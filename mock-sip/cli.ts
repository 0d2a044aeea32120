/**
 * `npm run mock-sip -- [--scenario file.json] [--host 127.0.0.1] [--ws-port 5066] [--udp-port 5060]
 *   [--tcp-port 5060] [--control-port 5080] [--log events.jsonl] [--cert cert.pem --key key.pem]`
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ScenarioError, startMockSip } from './index';

const { values } = parseArgs({
  options: {
    scenario: { type: 'string' },
    host: { type: 'string', default: '127.0.0.1' },
    'ws-port': { type: 'string', default: '5066' },
    'udp-port': { type: 'string', default: '5060' },
    'tcp-port': { type: 'string', default: '5060' },
    'control-port': { type: 'string', default: '5080' },
    log: { type: 'string' },
    cert: { type: 'string' },
    key: { type: 'string' },
    recordings: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});

if (values.help) {
  console.log(
    readFileSync(new URL(import.meta.url), 'utf8')
      .split('*/')[0]!
      .replace(/^\/\*\*?\s*\*?/, 'usage:'),
  );
  process.exit(0);
}

try {
  const sip = await startMockSip({
    scenario: values.scenario,
    host: values.host,
    wsPort: Number(values['ws-port']),
    udpPort: Number(values['udp-port']),
    tcpPort: Number(values['tcp-port']),
    controlPort: Number(values['control-port']),
    logFile: values.log,
    recordingDir: values.recordings,
    tls:
      values.cert && values.key
        ? { cert: readFileSync(values.cert, 'utf8'), key: readFileSync(values.key, 'utf8') }
        : undefined,
  });
  console.log(
    JSON.stringify({
      ws: sip.wsUrl,
      udp: sip.udpPort,
      tcp: sip.tcpPort,
      control: sip.controlUrl,
      domain: sip.domain,
    }),
  );
  const stop = () => void sip.stop().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (e) {
  if (e instanceof ScenarioError) {
    console.error(`mock-sip: bad scenario: ${e.message}`);
    process.exit(2);
  }
  throw e;
}
