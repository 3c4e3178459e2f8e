// BEP 15 UDP tracker on the same AnnounceService as HTTP: connect (keyed-hash
// connection ids that rotate, shared by every worker through one secret), announce
// with the passkey in BEP 41 URL data, scrape, and error packets for anything refused.
// A scrape packet carries no URL data, so it is answered for the passkey that last
// announced from the same address (remembered per worker), or refused with a hint.
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import {
  createConnectionIdIssuer,
  encodeUdpAnnounceResponse,
  encodeUdpConnectResponse,
  encodeUdpError,
  encodeUdpScrapeResponse,
  parseUdpRequest,
  peekTransactionId,
  udpAnnounceToParams,
  type UdpAnnounceRequest,
  type UdpScrapeRequest,
} from '@swarmhost/bittorrent/udp';
import type { AnnounceService } from '../announce/announce-service';
import { normaliseAddress } from '../http/client-address';
import type { Logger } from '../log';

export interface UdpServerOptions {
  readonly service: AnnounceService;
  readonly host: string;
  readonly port: number;
  /** At least 16 bytes, the same in every worker of the pool. */
  readonly secret: Uint8Array;
  readonly log: Logger;
  readonly clock?: () => number;
}

export interface UdpTracker {
  readonly port: number;
  close(): Promise<void>;
}

const MAX_REMEMBERED_ADDRESSES = 100_000;

export async function startUdpServer(options: UdpServerOptions): Promise<UdpTracker> {
  const { service, log } = options;
  const issuer = createConnectionIdIssuer(options.secret, options.clock ?? Date.now);
  const passkeyByAddress = new Map<string, string>();
  const socket: Socket = createSocket({ type: options.host.includes(':') ? 'udp6' : 'udp4' });
  let inFlight = 0;
  let closing: (() => void) | undefined;

  const send = (packet: Buffer, remote: RemoteInfo) => {
    socket.send(packet, remote.port, remote.address);
  };
  const refuse = (transactionId: number, reason: string, remote: RemoteInfo) => {
    log.warn('UDP request refused', { reason, ip: remote.address });
    send(encodeUdpError(transactionId, reason), remote);
  };

  async function announce(request: UdpAnnounceRequest, remote: RemoteInfo): Promise<void> {
    const client = normaliseAddress(remote.address);
    if (client === undefined) return;
    let converted;
    try {
      converted = udpAnnounceToParams(request);
    } catch (error) {
      service.malformed('malformed', 'udp');
      return refuse(request.transactionId, error instanceof Error ? error.message : 'malformed announce', remote);
    }
    passkeyByAddress.delete(client.ip);
    passkeyByAddress.set(client.ip, converted.passkey);
    if (passkeyByAddress.size > MAX_REMEMBERED_ADDRESSES) {
      const oldest = passkeyByAddress.keys().next();
      if (oldest.done !== true) passkeyByAddress.delete(oldest.value);
    }
    const outcome = await service.announce(converted.passkey, converted.params, client, 'udp');
    if (!outcome.ok) return refuse(request.transactionId, outcome.reason, remote);
    // Peers of the socket's family only: an IPv4 socket cannot carry 18-byte entries.
    const family = remote.family === 'IPv6' && client.family === 6 ? 6 : 4;
    send(
      encodeUdpAnnounceResponse({
        transactionId: request.transactionId,
        interval: outcome.interval,
        incomplete: outcome.incomplete,
        complete: outcome.complete,
        peers: family === 6 ? outcome.peers6 : outcome.peers4,
        family,
      }),
      remote,
    );
  }

  async function scrape(request: UdpScrapeRequest, remote: RemoteInfo): Promise<void> {
    const ip = normaliseAddress(remote.address)?.ip ?? remote.address;
    const passkey = passkeyByAddress.get(ip);
    if (passkey === undefined) {
      return refuse(request.transactionId, 'announce before scraping over UDP (no passkey known for this address), or scrape over HTTP', remote);
    }
    const outcome = await service.scrape(passkey, [...new Set(request.infoHashes)], 'udp');
    if (!outcome.ok) return refuse(request.transactionId, outcome.reason, remote);
    const zero = { complete: 0, incomplete: 0, downloaded: 0 };
    const files = request.infoHashes.map((infoHash) => outcome.files.get(infoHash) ?? zero);
    send(encodeUdpScrapeResponse(request.transactionId, files), remote);
  }

  function onMessage(datagram: Buffer, remote: RemoteInfo): void {
    const transactionId = peekTransactionId(datagram);
    if (transactionId === undefined) return; // too short to answer at all
    let request;
    try {
      request = parseUdpRequest(datagram);
    } catch (error) {
      service.malformed('malformed', 'udp');
      return refuse(transactionId, error instanceof Error ? error.message : 'malformed packet', remote);
    }
    if (request.action === 'connect') {
      return send(encodeUdpConnectResponse(request.transactionId, issuer.issue(remote.address, remote.port)), remote);
    }
    if (!issuer.verify(request.connectionId, remote.address, remote.port)) {
      return refuse(request.transactionId, 'connection id expired or unknown: connect again', remote);
    }
    inFlight += 1;
    const work = request.action === 'announce' ? announce(request, remote) : scrape(request, remote);
    work
      .catch((error: unknown) => {
        log.error('UDP request failed', { error });
        send(encodeUdpError(request.transactionId, 'internal tracker error, please retry later'), remote);
      })
      .finally(() => {
        inFlight -= 1;
        if (inFlight === 0) closing?.();
      });
  }

  socket.on('message', onMessage);
  socket.on('error', (error) => log.error('UDP socket error', { error }));
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind({ port: options.port, address: options.host }, () => {
      socket.off('error', reject);
      resolve();
    });
  });

  return {
    port: socket.address().port,
    async close() {
      socket.off('message', onMessage);
      if (inFlight > 0) {
        await new Promise<void>((resolve) => {
          closing = resolve;
          setTimeout(resolve, 5000).unref();
        });
      }
      await new Promise<void>((resolve) => socket.close(() => resolve()));
    },
  };
}
