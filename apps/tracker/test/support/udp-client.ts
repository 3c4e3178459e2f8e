// A minimal BEP 15 client (with BEP 41 URL data) written from the spec, independent of
// the tracker's codec, so the UDP contract tests check the bytes on the wire.
import { createSocket, type Socket } from 'node:dgram';

const PROTOCOL_ID = 0x41727101980n;
const EVENTS = { none: 0, completed: 1, started: 2, stopped: 3 } as const;

export class UdpClient {
  private readonly socket: Socket;
  private transaction = 1;

  constructor(
    private readonly port: number,
    private readonly host = '127.0.0.1',
  ) {
    this.socket = createSocket(host.includes(':') ? 'udp6' : 'udp4');
  }

  /** Sends `packet` and returns the reply, or undefined when none came within `waitMs`. */
  sendRaw(packet: Buffer, waitMs = 400): Promise<Buffer | undefined> {
    return new Promise((resolve) => {
      const onMessage = (message: Buffer) => {
        clearTimeout(timer);
        resolve(message);
      };
      const timer = setTimeout(() => {
        this.socket.off('message', onMessage);
        resolve(undefined);
      }, waitMs);
      this.socket.once('message', onMessage);
      this.socket.send(packet, this.port, this.host);
    });
  }

  private request(packet: Buffer): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('UDP tracker did not answer')), 2000);
      this.socket.once('message', (message) => {
        clearTimeout(timer);
        resolve(message);
      });
      this.socket.send(packet, this.port, this.host);
    });
  }

  async connect(): Promise<Buffer> {
    const packet = Buffer.alloc(16);
    packet.writeBigUInt64BE(PROTOCOL_ID, 0);
    packet.writeUInt32BE(0, 8);
    packet.writeUInt32BE(this.transaction++, 12);
    const answer = await this.request(packet);
    if (answer.readUInt32BE(0) !== 0) throw new Error(`connect failed: ${answer.subarray(8).toString()}`);
    return answer.subarray(8, 16);
  }

  async announce(connectionId: Buffer, options: {
    passkeyPath: string;
    infoHash: string;
    peerId: string;
    port: number;
    left: number;
    uploaded?: number;
    event?: keyof typeof EVENTS;
    numwant?: number;
  }): Promise<{ error?: string; interval?: number; leechers?: number; seeders?: number; peers?: string[]; bytes?: number }> {
    const urlData = Buffer.from(options.passkeyPath, 'latin1');
    const packet = Buffer.alloc(98 + 2 + urlData.length + 1);
    connectionId.copy(packet, 0);
    packet.writeUInt32BE(1, 8);
    packet.writeUInt32BE(this.transaction++, 12);
    Buffer.from(options.infoHash, 'hex').copy(packet, 16);
    Buffer.from(options.peerId, 'hex').copy(packet, 36);
    packet.writeBigUInt64BE(0n, 56);
    packet.writeBigUInt64BE(BigInt(options.left), 64);
    packet.writeBigUInt64BE(BigInt(options.uploaded ?? 0), 72);
    packet.writeUInt32BE(EVENTS[options.event ?? 'none'], 80);
    packet.writeUInt32BE(0, 84);
    packet.writeUInt32BE(1234, 88);
    packet.writeInt32BE(options.numwant ?? -1, 92);
    packet.writeUInt16BE(options.port, 96);
    packet[98] = 0x2;
    packet[99] = urlData.length;
    urlData.copy(packet, 100);
    packet[100 + urlData.length] = 0x0;
    const answer = await this.request(packet);
    if (answer.readUInt32BE(0) === 3) return { error: answer.subarray(8).toString() };
    const peers: string[] = [];
    if (this.host.includes(':')) {
      for (let offset = 20; offset + 18 <= answer.length; offset += 18) peers.push(`[${answer.toString('hex', offset, offset + 16)}]:${answer.readUInt16BE(offset + 16)}`);
    } else {
      for (let offset = 20; offset + 6 <= answer.length; offset += 6) {
        peers.push(`${answer[offset]}.${answer[offset + 1]}.${answer[offset + 2]}.${answer[offset + 3]}:${answer.readUInt16BE(offset + 4)}`);
      }
    }
    return { interval: answer.readUInt32BE(8), leechers: answer.readUInt32BE(12), seeders: answer.readUInt32BE(16), peers, bytes: answer.length };
  }

  /** `passkeyPath` goes after the info hashes as BEP 41 URL data (the tracker requires it). */
  async scrape(connectionId: Buffer, infoHashes: string[], passkeyPath?: string): Promise<{ error?: string; files?: { seeders: number; completed: number; leechers: number }[] }> {
    const urlData = passkeyPath === undefined ? Buffer.alloc(0) : Buffer.concat([Buffer.from([0x2, passkeyPath.length]), Buffer.from(passkeyPath, 'latin1'), Buffer.from([0x0])]);
    const packet = Buffer.alloc(16 + 20 * infoHashes.length + urlData.length);
    connectionId.copy(packet, 0);
    packet.writeUInt32BE(2, 8);
    packet.writeUInt32BE(this.transaction++, 12);
    infoHashes.forEach((infoHash, index) => Buffer.from(infoHash, 'hex').copy(packet, 16 + index * 20));
    urlData.copy(packet, 16 + 20 * infoHashes.length);
    const answer = await this.request(packet);
    if (answer.readUInt32BE(0) === 3) return { error: answer.subarray(8).toString() };
    return {
      files: infoHashes.map((_, index) => ({
        seeders: answer.readUInt32BE(8 + index * 12),
        completed: answer.readUInt32BE(12 + index * 12),
        leechers: answer.readUInt32BE(16 + index * 12),
      })),
    };
  }

  close(): void {
    this.socket.close();
  }
}
