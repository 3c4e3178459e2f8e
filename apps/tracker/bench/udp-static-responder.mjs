// A UDP "tracker" that answers every BEP 15 connect and announce with a fixed reply and
// nothing else: the UDP load generator's own ceiling on this machine (bench/udp.ts).
import { Buffer } from 'node:buffer';
import dgram from 'node:dgram';
import process from 'node:process';

const port = Number(process.argv[2]);
const socket = dgram.createSocket('udp4');
const connectReply = Buffer.alloc(16);
const announceReply = Buffer.alloc(20 + 6 * 10);
announceReply.writeUInt32BE(1, 0);
announceReply.writeUInt32BE(1800, 8);
socket.on('message', (message, remote) => {
  if (message.length < 16) return;
  const action = message.readUInt32BE(8);
  const reply = action === 0 ? connectReply : announceReply;
  message.copy(reply, 4, 12, 16); // transaction id
  if (action === 0) reply.writeBigUInt64BE(0x1234n, 8);
  socket.send(reply, remote.port, remote.address);
});
socket.bind(port, '127.0.0.1', () => process.stdout.write(`listening on ${port}\n`));
process.on('SIGTERM', () => socket.close(() => process.exit(0)));
