import { describeSwarmStoreContract } from '../store.contract.js';
import { MemoryStore } from './memory-store.js';

describeSwarmStoreContract('MemoryStore', () =>
  Promise.resolve({ store: new MemoryStore(), close: () => Promise.resolve() }),
);

describeSwarmStoreContract('MemoryStore persisting its peers', () =>
  Promise.resolve({ store: new MemoryStore({ persistPeers: true }), close: () => Promise.resolve() }),
);
