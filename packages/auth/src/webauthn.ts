// Passkey ceremonies (WebAuthn Level 3) with @simplewebauthn/server: options for the
// browser, then verification against the expected challenge, origin and RP ID. The RP
// ID is the site's host name without port (demo.localhost, films.example.org). A passkey
// login stands in for password and second factor at once, so it requires user
// verification (PIN, fingerprint, face): an assertion without the UV flag is refused.
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from '@simplewebauthn/server';
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/server';

export type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
};

export interface RelyingParty {
  /** Shown by the browser's passkey dialog, e.g. the community's name. */
  name: string;
  /** Host name without port. */
  id: string;
  /** Scheme + host (+ port) the page runs on, e.g. http://demo.localhost:3000. */
  origin: string;
}

export class WebAuthnError extends Error {
  override name = 'WebAuthnError';
}

export function passkeyRegistrationOptions(options: {
  relyingParty: RelyingParty;
  memberId: string;
  username: string;
  existingCredentialIds: string[];
}): Promise<PublicKeyCredentialCreationOptionsJSON> {
  return generateRegistrationOptions({
    rpName: options.relyingParty.name,
    rpID: options.relyingParty.id,
    userName: options.username,
    userID: new TextEncoder().encode(options.memberId),
    attestationType: 'none',
    excludeCredentials: options.existingCredentialIds.map((id) => ({ id })),
    // Discoverable, so the member can later log in with the passkey alone; verifying the
    // user, since logins require it (an authenticator that cannot is refused here, not later).
    authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
  });
}

export interface NewPasskey {
  credentialId: string;
  publicKey: Uint8Array;
  counter: number;
  transports: string[];
  deviceType: string;
  backedUp: boolean;
}

export async function verifyPasskeyRegistration(options: {
  relyingParty: RelyingParty;
  expectedChallenge: string;
  response: RegistrationResponseJSON;
}): Promise<NewPasskey> {
  const result = await runCeremony(() =>
    verifyRegistrationResponse({
      response: options.response,
      expectedChallenge: options.expectedChallenge,
      expectedOrigin: options.relyingParty.origin,
      expectedRPID: options.relyingParty.id,
      requireUserVerification: true,
    }),
  );
  if (!result.verified) throw new WebAuthnError('the passkey could not be verified; try again');
  const info = result.registrationInfo;
  return {
    credentialId: info.credential.id,
    publicKey: info.credential.publicKey,
    counter: info.credential.counter,
    transports: info.credential.transports ?? [],
    deviceType: info.credentialDeviceType,
    backedUp: info.credentialBackedUp,
  };
}

/** Options for a login with a discoverable passkey: no account is named up front. */
export function passkeyLoginOptions(relyingParty: RelyingParty): Promise<PublicKeyCredentialRequestOptionsJSON> {
  return generateAuthenticationOptions({ rpID: relyingParty.id, userVerification: 'required' });
}

export interface StoredPasskey {
  credentialId: string;
  publicKey: Uint8Array;
  counter: number;
  transports: string[];
}

/** Verifies a login assertion; returns the authenticator's new signature counter. */
export async function verifyPasskeyLogin(options: {
  relyingParty: RelyingParty;
  expectedChallenge: string;
  response: AuthenticationResponseJSON;
  passkey: StoredPasskey;
}): Promise<{ newCounter: number }> {
  const result = await runCeremony(() =>
    verifyAuthenticationResponse({
      response: options.response,
      expectedChallenge: options.expectedChallenge,
      expectedOrigin: options.relyingParty.origin,
      expectedRPID: options.relyingParty.id,
      requireUserVerification: true,
      credential: {
        id: options.passkey.credentialId,
        publicKey: new Uint8Array(options.passkey.publicKey),
        counter: options.passkey.counter,
        transports: options.passkey.transports,
      },
    }),
  );
  if (!result.verified) throw new WebAuthnError('the passkey signature did not verify; try again');
  return { newCounter: result.authenticationInfo.newCounter };
}

async function runCeremony<T>(ceremony: () => Promise<T>): Promise<T> {
  try {
    return await ceremony();
  } catch (error) {
    // The library's messages are precise (wrong origin, counter went backwards …).
    const reason = error instanceof Error ? error.message : String(error);
    if (/user verification required/i.test(reason)) {
      throw new WebAuthnError('the passkey did not verify you (PIN, fingerprint or face); unlock it that way, or use one that can — or your password to log in');
    }
    throw new WebAuthnError(`passkey check failed: ${reason}`);
  }
}
