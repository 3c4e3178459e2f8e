// A passkey in software for the API tests: real P-256 signatures over the WebAuthn
// structures a browser would send, so the server's verifier checks them for real.
import { createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto';

/** A software passkey (P-256, "none" attestation) that signs for `host` (name[:port]) like a browser would. */
export function softwarePasskey(host: string) {
  const rpId = host.replace(/:\d+$/, '');
  const origin = `http://${host}`;
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = publicKey.export({ format: 'jwk' });
  const bytes = (value: string | undefined) => Buffer.from(value ?? '', 'base64url');
  // COSE_Key (RFC 9053) as CBOR: { 1: 2 (EC2), 3: -7 (ES256), -1: 1 (P-256), -2: x, -3: y }.
  const coseKey = Buffer.concat([Buffer.from([0xa5, 0x01, 0x02, 0x03, 0x26, 0x20, 0x01, 0x21, 0x58, 0x20]), bytes(jwk.x), Buffer.from([0x22, 0x58, 0x20]), bytes(jwk.y)]);
  const credentialId = randomBytes(16);
  const rpIdHash = createHash('sha256').update(rpId).digest();
  const cborText = (text: string) => Buffer.concat([Buffer.from([0x60 + text.length]), Buffer.from(text)]);
  const uint = (value: number, size: 2 | 4) => {
    const buffer = Buffer.alloc(size);
    if (size === 2) buffer.writeUInt16BE(value);
    else buffer.writeUInt32BE(value);
    return buffer;
  };
  const clientData = (type: string, challenge: string) => Buffer.from(JSON.stringify({ type, challenge, origin, crossOrigin: false }));
  let counter = 0;
  const id = credentialId.toString('base64url');
  return {
    register(challenge: string) {
      // Flags: user present, user verified, attested credential data included.
      const authData = Buffer.concat([rpIdHash, Buffer.from([0x45]), uint(0, 4), Buffer.alloc(16), uint(credentialId.length, 2), credentialId, coseKey]);
      const attestationObject = Buffer.concat([
        Buffer.from([0xa3]),
        cborText('fmt'),
        cborText('none'),
        cborText('attStmt'),
        Buffer.from([0xa0]),
        cborText('authData'),
        Buffer.from([0x59]),
        uint(authData.length, 2),
        authData,
      ]);
      return {
        id,
        rawId: id,
        type: 'public-key',
        clientExtensionResults: {},
        response: { clientDataJSON: clientData('webauthn.create', challenge).toString('base64url'), attestationObject: attestationObject.toString('base64url'), transports: ['internal'] },
      };
    },
    assert(challenge: string) {
      counter += 1;
      const authenticatorData = Buffer.concat([rpIdHash, Buffer.from([0x05]), uint(counter, 4)]);
      const clientDataJSON = clientData('webauthn.get', challenge);
      const signature = sign('sha256', Buffer.concat([authenticatorData, createHash('sha256').update(clientDataJSON).digest()]), privateKey);
      return {
        id,
        rawId: id,
        type: 'public-key',
        clientExtensionResults: {},
        response: { authenticatorData: authenticatorData.toString('base64url'), clientDataJSON: clientDataJSON.toString('base64url'), signature: signature.toString('base64url') },
      };
    },
  };
}
