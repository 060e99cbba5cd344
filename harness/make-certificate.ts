import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

/** Fails, saying how to install it, when the openssl command is missing. */
export async function requireOpenssl(): Promise<void> {
  await promisify(execFile)(OPENSSL, ['version']).catch((cause: unknown) => {
    throw new Error(
      `the openssl command is missing; install Debian's package: apt-get install openssl`,
      {
        cause,
      },
    );
  });
}

const OPENSSL = 'openssl';

/**
 * A throwaway self-signed certificate for tin.example.vn and 127.0.0.1, valid for a day, and
 * its key: what certbot would put in /etc/letsencrypt/live/, for a test.
 */
export async function makeCertificate(dir: string): Promise<{ certificate: string; key: string }> {
  await requireOpenssl();
  const certificate = path.join(dir, 'fullchain.pem');
  const key = path.join(dir, 'privkey.pem');
  // ECDSA P-256, as certbot makes by default.
  await promisify(execFile)(OPENSSL, [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-days',
    '1',
    '-subj',
    '/CN=tin.example.vn',
    '-addext',
    'subjectAltName=DNS:tin.example.vn,IP:127.0.0.1',
    '-keyout',
    key,
    '-out',
    certificate,
  ]);
  return { certificate, key };
}
