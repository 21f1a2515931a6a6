/**
 * Why a TLS connection was refused by the client's own checks of the server's certificate, in
 * words that say what was checked against what and what to change. Node's reasons alone
 * ("self-signed certificate") name neither the sslmode that asked for the check nor the file
 * the certificate was checked against. Null for any other failure.
 */
export function describeTlsFailure(
  error: unknown,
  settings: { host: string; sslmode: string | null; rootCert: string | null },
): string | null {
  const e = error as { code?: string; message?: string };
  const reason = (e.message ?? '').split('\n')[0] ?? '';
  const mode = settings.sslmode ?? 'require';
  const against = settings.rootCert
    ? `sslrootcert ${settings.rootCert}`
    : "the system's certificate authorities (database-url names no sslrootcert)";
  if (e.code && UNTRUSTED.has(e.code)) {
    return `the server's TLS certificate is not trusted (${reason}): sslmode=${mode} verifies it against ${against}; set sslrootcert to the certificate authority that signed it (a hosted database's provider publishes its own), or use sslmode=require without sslrootcert to encrypt without verifying`;
  }
  if (e.code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return `the server's TLS certificate is not for ${settings.host} (${reason}): sslmode=verify-full checks the name; connect by a name the certificate holds, or use sslmode=verify-ca, which checks the certificate authority and not the name`;
  }
  if (e.code === 'CERT_HAS_EXPIRED' || e.code === 'CERT_NOT_YET_VALID') {
    return `the server's TLS certificate is outside its validity period (${reason}): the server needs a current certificate (sslmode=${mode} verifies it)`;
  }
  return null;
}

// OpenSSL's verification failures, as Node names them, that mean "not signed by a trusted authority"
const UNTRUSTED = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
  'CERT_REJECTED',
]);
