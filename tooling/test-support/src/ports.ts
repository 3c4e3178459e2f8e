import { createServer } from 'node:net';

function askForPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    // No host: the wildcard address, so the port is free on loopback and on every interface.
    server.listen(0, () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('the system gave no port'))));
    });
  });
}

/**
 * A port nobody listens on when asked, other than `taken`: two ports asked for in a row
 * before either is in use may be the same one, so the second call names the first.
 * Other sessions' servers share the machine, so tests never use fixed ports.
 */
export async function freePort(...taken: number[]): Promise<number> {
  for (let tries = 0; tries < 20; tries++) {
    const port = await askForPort();
    if (!taken.includes(port)) return port;
  }
  throw new Error(`no free port other than ${taken.join(', ')} after 20 tries`);
}

/** A tuple of `N` numbers, so that `const [a, b] = await freePorts(2)` gives two numbers. */
type Ports<N extends number, Found extends number[] = []> = Found['length'] extends N ? Found : Ports<N, [...Found, number]>;

/** `count` distinct free ports, for a test that starts several servers before any listens. */
export async function freePorts<N extends number>(count: N): Promise<Ports<N>> {
  const ports: number[] = [];
  while (ports.length < count) ports.push(await freePort(...ports));
  return ports as Ports<N>;
}
