// Just enough of Socket.io's wire protocol (Engine.IO 4 packets carrying Socket.io 5
// packets) over a WebSocket for a load test: the handshake with the socket token in
// the connect packet's auth, pings answered, events with acknowledgements.
//   server "0{…}" open → client "40{auth}" connect → server "40{sid}" connected
//   server "2" ping → client "3" pong
//   client "42<id>[event, payload]" → server "43<id>[answer]"
//   server "42[event, payload]" event
import { WebSocket } from 'k6/websockets';

export interface SocketIoHandlers {
  connected(): void;
  event(name: string, payload: unknown): void;
  refused(message: string): void;
}

export class SocketIoClient {
  private readonly socket: WebSocket;
  private nextAckId = 0;
  private readonly pendingAcks = new Map<number, (answer: unknown) => void>();

  constructor(gatewayUrl: string, token: string, handlers: SocketIoHandlers) {
    const url = `${gatewayUrl.replace(/^http/, 'ws').replace(/\/+$/, '')}/socket.io/?EIO=4&transport=websocket`;
    this.socket = new WebSocket(url);
    this.socket.onmessage = (message) => {
      const data = typeof message?.data === 'string' ? message.data : '';
      if (data === '2') this.socket.send('3');
      else if (data.startsWith('0')) this.socket.send(`40${JSON.stringify({ token })}`);
      else if (data.startsWith('40')) handlers.connected();
      else if (data.startsWith('44')) handlers.refused(data.slice(2));
      else if (data.startsWith('43')) this.acknowledged(data.slice(2));
      else if (data.startsWith('42')) {
        const [name, payload] = JSON.parse(data.slice(2)) as [string, unknown];
        handlers.event(name, payload);
      }
    };
  }

  private acknowledged(packet: string): void {
    const match = /^(\d+)(\[.*\])$/s.exec(packet);
    if (!match) return;
    const id = Number(match[1]);
    const [answer] = JSON.parse(match[2] ?? '[]') as unknown[];
    this.pendingAcks.get(id)?.(answer);
    this.pendingAcks.delete(id);
  }

  emit(event: string, payload: unknown, onAnswer: (answer: unknown) => void): void {
    const id = this.nextAckId;
    this.nextAckId += 1;
    this.pendingAcks.set(id, onAnswer);
    this.socket.send(`42${id}${JSON.stringify([event, payload])}`);
  }

  close(): void {
    this.socket.close();
  }
}
