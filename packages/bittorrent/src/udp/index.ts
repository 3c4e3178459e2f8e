// Public surface of the BEP 15 UDP tracker codec with BEP 41 URL data.
export { CONNECTION_ID_WINDOW_MS, createConnectionIdIssuer } from './connection-id.js';
export type { ConnectionIdIssuer } from './connection-id.js';
export {
  encodeUdpAnnounceResponse,
  encodeUdpConnectResponse,
  encodeUdpError,
  encodeUdpScrapeResponse,
} from './encode-response.js';
export type { UdpAnnounceResponse } from './encode-response.js';
export { MAX_UDP_SCRAPE_INFO_HASHES, parseUdpRequest, peekTransactionId } from './parse-request.js';
export type {
  UdpAnnounceRequest,
  UdpConnectRequest,
  UdpRequest,
  UdpScrapeRequest,
} from './parse-request.js';
export { UDP_EVENTS, UDP_PROTOCOL_ID, UdpAction, UdpOption, udpEventCode } from './protocol.js';
export { udpAnnounceToParams } from './to-announce-params.js';
export type { UdpAnnounce } from './to-announce-params.js';
export {
  buildAnnounceRequest,
  buildConnectRequest,
  buildScrapeRequest,
  urlDataOptions,
} from './encode-request.js';
export type { AnnounceRequestFields } from './encode-request.js';
