import { createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { passkeyLoginOptions, verifyPasskeyLogin, WebAuthnError, type RelyingParty } from './webauthn';

const relyingParty: RelyingParty = { name: 'Test', id: 'demo.localhost', origin: 'http://demo.localhost:3000' };

const USER_PRESENT = 0x01;
const USER_VERIFIED = 0x04;

/** A software authenticator holding one P-256 key: signs assertions with the flags it is told to set. */
function softwareAuthenticator() {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = publicKey.export({ format: 'jwk' });
  const x = Buffer.from(jwk.x ?? '', 'base64url');
  const y = Buffer.from(jwk.y ?? '', 'base64url');
  // The COSE key (RFC 9053) in CBOR: {1: 2 (EC2), 3: -7 (ES256), -1: 1 (P-256), -2: x, -3: y}.
  const coseKey = Buffer.concat([Buffer.from([0xa5, 0x01, 0x02, 0x03, 0x26, 0x20, 0x01, 0x21, 0x58, 0x20]), x, Buffer.from([0x22, 0x58, 0x20]), y]);
  const credentialId = randomBytes(16).toString('base64url');
  return {
    passkey: { credentialId, publicKey: new Uint8Array(coseKey), counter: 0, transports: ['internal'] },
    assert(challenge: string, flags: number, counter: number) {
      const rpIdHash = createHash('sha256').update(relyingParty.id).digest();
      const signCount = Buffer.alloc(4);
      signCount.writeUInt32BE(counter);
      const authenticatorData = Buffer.concat([rpIdHash, Buffer.from([flags]), signCount]);
      const clientDataJSON = Buffer.from(JSON.stringify({ type: 'webauthn.get', challenge, origin: relyingParty.origin, crossOrigin: false }));
      const signature = sign('sha256', Buffer.concat([authenticatorData, createHash('sha256').update(clientDataJSON).digest()]), privateKey);
      return {
        id: credentialId,
        rawId: credentialId,
        type: 'public-key' as const,
        clientExtensionResults: {},
        response: {
          authenticatorData: authenticatorData.toString('base64url'),
          clientDataJSON: clientDataJSON.toString('base64url'),
          signature: signature.toString('base64url'),
        },
      };
    },
  };
}

describe('passkey login', () => {
  it('asks the browser to verify the user', async () => {
    expect((await passkeyLoginOptions(relyingParty)).userVerification).toBe('required');
  });

  it('accepts an assertion whose authenticator verified the user', async () => {
    const authenticator = softwareAuthenticator();
    const { challenge } = await passkeyLoginOptions(relyingParty);
    const response = authenticator.assert(challenge, USER_PRESENT | USER_VERIFIED, 1);
    await expect(verifyPasskeyLogin({ relyingParty, expectedChallenge: challenge, response, passkey: authenticator.passkey })).resolves.toEqual({ newCounter: 1 });
  });

  it('refuses an assertion without user verification (presence alone is not enough)', async () => {
    const authenticator = softwareAuthenticator();
    const { challenge } = await passkeyLoginOptions(relyingParty);
    const response = authenticator.assert(challenge, USER_PRESENT, 1);
    const refused = verifyPasskeyLogin({ relyingParty, expectedChallenge: challenge, response, passkey: authenticator.passkey });
    await expect(refused).rejects.toBeInstanceOf(WebAuthnError);
    await expect(refused).rejects.toThrow(/the passkey did not verify you \(PIN, fingerprint or face\)/);
  });
});
