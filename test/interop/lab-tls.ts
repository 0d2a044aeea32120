/**
 * The lab's TLS test certificates, made fresh at each lab start with openssl: a private CA, and Kamailio's
 * certificate for 127.0.0.1 signed by it. The SIP dialer's TLS test trusts that CA through its `tls.caFile`
 * setting, as a deployment trusts a PBX whose certificate a private CA signed; nothing trusts it by default.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export type LabTls = { dir: string; caFile: string; certificate: string; privateKey: string };

export function makeLabTls(workDir: string): LabTls {
  const dir = join(workDir, 'tls');
  mkdirSync(dir, { recursive: true });
  const at = (name: string) => join(dir, name);
  // P-256 keys: generated in milliseconds, unlike RSA.
  const key = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  const openssl = (args: string[]) => execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  openssl([
    'req',
    '-x509',
    ...key,
    '-keyout',
    at('ca.key'),
    '-out',
    at('ca.pem'),
    '-days',
    '2',
    '-subj',
    '/CN=Dialdeck interop lab CA',
  ]);
  openssl([
    'req',
    ...key,
    '-keyout',
    at('kamailio.key'),
    '-out',
    at('kamailio.csr'),
    '-subj',
    '/CN=127.0.0.1',
  ]);
  writeFileSync(at('kamailio.ext'), 'subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\n');
  openssl([
    'x509',
    '-req',
    '-in',
    at('kamailio.csr'),
    '-CA',
    at('ca.pem'),
    '-CAkey',
    at('ca.key'),
    '-CAcreateserial',
    '-out',
    at('kamailio.pem'),
    '-days',
    '2',
    '-extfile',
    at('kamailio.ext'),
  ]);
  // Kamailio's tls module reads its profiles from a file of its own.
  writeFileSync(
    at('kamailio-tls.cfg'),
    [
      '[server:default]',
      'method = TLSv1.2+',
      'verify_certificate = no',
      'require_certificate = no',
      `private_key = ${at('kamailio.key')}`,
      `certificate = ${at('kamailio.pem')}`,
      '',
      '[client:default]',
      'method = TLSv1.2+',
      'verify_certificate = no',
      'require_certificate = no',
      '',
    ].join('\n'),
  );
  return { dir, caFile: at('ca.pem'), certificate: at('kamailio.pem'), privateKey: at('kamailio.key') };
}
