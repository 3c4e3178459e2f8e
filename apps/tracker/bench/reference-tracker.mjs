// npm bittorrent-tracker with its default configuration (HTTP, UDP, WebSocket, stats),
// listening on 127.0.0.1 only, for the side-by-side benchmark.
// The package root also loads the WebRTC client (node-datachannel, a native addon not
// built with --ignore-scripts); the server module alone is what we benchmark.
import console from 'node:console';
import process from 'node:process';
import Server from 'bittorrent-tracker/server';

const port = Number(process.argv[2]);
const server = new Server();
server.on('error', (error) => console.error(error.message));
server.on('warning', () => undefined);
server.listen(port, '127.0.0.1', () => console.log(`listening on ${port}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
