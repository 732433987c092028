import { X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generate } from 'selfsigned';

/**
 * The local cloud's TLS: a private CA made on first start, and a certificate it signs for
 * 127.0.0.1 and localhost. TLS is needed at all because the aws-amplify realtime client always
 * upgrades the AppSync URL to wss://. The CA's key never leaves the state folder's tls/; trust the CA
 * certificate (ca.crt) in a browser to skip its warning.
 */
export interface LocalTls {
  key: string;
  cert: string;
  caCert: string;
  caCertPath: string;
}

const DAYS = 86_400_000;

export async function ensureLocalTls(dir: string): Promise<LocalTls> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const paths = {
    caKey: join(dir, 'ca.key'),
    caCert: join(dir, 'ca.crt'),
    key: join(dir, 'server.key'),
    cert: join(dir, 'server.crt'),
  };
  if (!isValidFor30Days(paths.caCert)) {
    const ca = await generate([{ name: 'commonName', value: 'Secure Orders local CA' }], {
      keySize: 2048,
      notAfterDate: new Date(Date.now() + 825 * DAYS),
      extensions: [
        { name: 'basicConstraints', cA: true, critical: true },
        { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
      ],
    });
    writeFileSync(paths.caKey, ca.private, { mode: 0o600 });
    writeFileSync(paths.caCert, ca.cert);
  }
  if (!isValidFor30Days(paths.cert) || !signedBy(paths.cert, paths.caCert)) {
    const server = await generate([{ name: 'commonName', value: '127.0.0.1' }], {
      keySize: 2048,
      notAfterDate: new Date(Date.now() + 397 * DAYS),
      ca: { key: readFileSync(paths.caKey, 'utf8'), cert: readFileSync(paths.caCert, 'utf8') },
      extensions: [
        { name: 'basicConstraints', cA: false },
        { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
        { name: 'extKeyUsage', serverAuth: true },
        {
          name: 'subjectAltName',
          altNames: [
            { type: 7, ip: '127.0.0.1' },
            { type: 7, ip: '::1' },
            { type: 2, value: 'localhost' },
          ],
        },
      ],
    });
    writeFileSync(paths.key, server.private, { mode: 0o600 });
    writeFileSync(paths.cert, server.cert);
  }
  return {
    key: readFileSync(paths.key, 'utf8'),
    cert: readFileSync(paths.cert, 'utf8'),
    caCert: readFileSync(paths.caCert, 'utf8'),
    caCertPath: paths.caCert,
  };
}

function isValidFor30Days(path: string): boolean {
  if (!existsSync(path)) return false;
  const certificate = new X509Certificate(readFileSync(path));
  return Date.parse(certificate.validTo) > Date.now() + 30 * DAYS;
}

function signedBy(certPath: string, caPath: string): boolean {
  const ca = new X509Certificate(readFileSync(caPath));
  return new X509Certificate(readFileSync(certPath)).verify(ca.publicKey);
}
