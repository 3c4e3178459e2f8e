// Time-based one-time passwords (RFC 6238) with otplib: enrolment secret, the
// otpauth:// URI as a server-rendered SVG QR code, and verification that refuses a
// code whose time step was already used (replay).
import { generate, generateSecret, generateURI, verify } from 'otplib';
import QRCode from 'qrcode';

/** One period either side, so a phone clock 30 s off still works. */
const TOLERANCE_SECONDS = 30;

export function newTotpSecret(): string {
  return generateSecret();
}

export function totpUri(options: { issuer: string; account: string; secret: string }): string {
  return generateURI({ issuer: options.issuer, label: options.account, secret: options.secret });
}

export async function totpQrSvg(uri: string): Promise<string> {
  return QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
}

/** The current code for a secret (tests and the e2e run use it as an authenticator app would). */
export function currentTotpCode(secret: string, at: Date = new Date()): Promise<string> {
  return generate({ secret, epoch: Math.floor(at.getTime() / 1000) });
}

export type TotpCheck = { valid: true; timeStep: number } | { valid: false; reason: 'wrong' | 'reused' };

/**
 * Checks a 6-digit code. `lastUsedStep` is the step of the last accepted code: a code
 * from that step or an earlier one is refused as reused, even if otherwise right.
 */
export async function checkTotpCode(options: {
  secret: string;
  code: string;
  lastUsedStep?: number | null;
  at?: Date;
}): Promise<TotpCheck> {
  const token = options.code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(token)) return { valid: false, reason: 'wrong' };
  const epoch = Math.floor((options.at ?? new Date()).getTime() / 1000);
  const result = await verify({ secret: options.secret, token, epoch, epochTolerance: TOLERANCE_SECONDS });
  if (!result.valid || !('timeStep' in result)) return { valid: false, reason: 'wrong' };
  if (options.lastUsedStep !== undefined && options.lastUsedStep !== null && result.timeStep <= options.lastUsedStep) {
    return { valid: false, reason: 'reused' };
  }
  return { valid: true, timeStep: result.timeStep };
}
