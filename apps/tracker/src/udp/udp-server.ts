// BEP 15 UDP tracker on the same AnnounceService as HTTP: connect (keyed-hash
// connection ids that rotate, shared by every worker through one secret), announce and
// scrape with the passkey in BEP 41 URL data. Against reflection (issue 17) only a
// valid connect, or a request with a valid connection id (the address is proven), gets
// any answer: anything else is dropped without a reply, and every reply stays below
// MAX_REPLY_BYTES so it never fragments.
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import {
  createConnectionIdIssuer,
  encodeUdpAnnounceResponse,
  encodeUdpConnectResponse,
  encodeUdpError,
  encodeUdpScrapeResponse,
  parseUdpRequest,
  udpAnnounceToParams,
  type UdpAnnounceRequest,
  type UdpScrapeRequest,
} from '@swarmhost/bittorrent/udp';
import type { AnnounceService } from '../announce/announce-service';
import { normaliseAddress } from '../http/client-address';
import type { Logger } from '../log';
import { throttledWarn } from '../throttled-warn';
import { splitScrapeUrlData } from './scrape-url-data';

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

/** Replies stay below a 1,400-byte datagram (no IP fragmentation on a 1,500 MTU path). */
export const MAX_REPLY_BYTES = 1400;
const ANNOUNCE_REPLY_HEADER_BYTES = 20;
/** Most peers one announce reply carries: 230 IPv4 (6 B) or 76 IPv6 (18 B) entries. */
export const MAX_UDP_PEERS = {
  4: Math.floor((MAX_REPLY_BYTES - 1 - ANNOUNCE_REPLY_HEADER_BYTES) / 6),
  6: Math.floor((MAX_REPLY_BYTES - 1 - ANNOUNCE_REPLY_HEADER_BYTES) / 18),
} as const;
const SCRAPE_ACTION = 2;

export async function startUdpServer(options: UdpServerOptions): Promise<UdpTracker> {
  const { service, log } = options;
  const issuer = createConnectionIdIssuer(options.secret, options.clock ?? Date.now);
  const warn = throttledWarn(log, 20);
  const socket: Socket = createSocket({ type: options.host.includes(':') ? 'udp6' : 'udp4' });
  let inFlight = 0;
  let closing: (() => void) | undefined;

  const send = (packet: Buffer, remote: RemoteInfo) => {
    socket.send(packet, remote.port, remote.address);
  };
  /** For requests whose connection id proved the address: the client sees the reason. */
  const refuse = (transactionId: number, reason: string, remote: RemoteInfo) => {
    warn('UDP request refused', { reason, ip: remote.address });
    send(encodeUdpError(transactionId, reason), remote);
  };
  /** Unproven source address: no reply at all (it may be spoofed, the reply a reflection). */
  const drop = (reason: string, remote: RemoteInfo) => {
    service.malformed('udp_dropped', reason);
    warn('UDP packet dropped without a reply', { reason, ip: remote.address });
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
    // Peers of the socket's family only: an IPv4 socket cannot carry 18-byte entries.
    const family = remote.family === 'IPv6' && client.family === 6 ? 6 : 4;
    const maxPeers = MAX_UDP_PEERS[family];
    const requested = converted.params.numwant;
    const params = requested !== undefined && requested > maxPeers ? { ...converted.params, numwant: maxPeers } : converted.params;
    const outcome = await service.announce(converted.passkey, params, client, 'udp');
    if (!outcome.ok) return refuse(request.transactionId, outcome.reason, remote);
    const peers = family === 6 ? outcome.peers6 : outcome.peers4;
    const entryBytes = family === 6 ? 18 : 6;
    send(
      encodeUdpAnnounceResponse({
        transactionId: request.transactionId,
        interval: outcome.interval,
        incomplete: outcome.incomplete,
        complete: outcome.complete,
        peers: peers.length > maxPeers * entryBytes ? peers.subarray(0, maxPeers * entryBytes) : peers,
        family,
      }),
      remote,
    );
  }

  async function scrape(request: UdpScrapeRequest, passkey: string | undefined, remote: RemoteInfo): Promise<void> {
    if (passkey === undefined) {
      return refuse(request.transactionId, 'UDP scrape needs your passkey as BEP 41 URL data (/<passkey>/scrape after the info hashes), or scrape over HTTP', remote);
    }
    const client = normaliseAddress(remote.address);
    if (client === undefined) return;
    const outcome = await service.scrape(passkey, [...new Set(request.infoHashes)], client, 'udp');
    if (!outcome.ok) return refuse(request.transactionId, outcome.reason, remote);
    const zero = { complete: 0, incomplete: 0, downloaded: 0 };
    const files = request.infoHashes.map((infoHash) => outcome.files.get(infoHash) ?? zero);
    send(encodeUdpScrapeResponse(request.transactionId, files), remote);
  }

  function onMessage(datagram: Buffer, remote: RemoteInfo): void {
    if (datagram.length < 16) return drop('packet shorter than 16 bytes', remote);
    const withUrlData = datagram.readUInt32BE(8) === SCRAPE_ACTION ? splitScrapeUrlData(datagram) : undefined;
    let request;
    try {
      request = parseUdpRequest(withUrlData?.scrape ?? datagram);
    } catch (error) {
      const reason = error instanceof Error ? error.message : 'malformed packet';
      // A client that proved its address (valid connection id) learns what was wrong.
      const proven = datagram.readUInt32BE(8) !== 0 && issuer.verify(datagram.subarray(0, 8), remote.address, remote.port);
      if (!proven) return drop(reason, remote);
      service.malformed('malformed', 'udp');
      return refuse(datagram.readUInt32BE(12), reason, remote);
    }
    if (request.action === 'connect') {
      return send(encodeUdpConnectResponse(request.transactionId, issuer.issue(remote.address, remote.port)), remote);
    }
    if (!issuer.verify(request.connectionId, remote.address, remote.port)) {
      return drop('connection id expired or unknown', remote);
    }
    inFlight += 1;
    const work = request.action === 'announce' ? announce(request, remote) : scrape(request, withUrlData?.passkey, remote);
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
