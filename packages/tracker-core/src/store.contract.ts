// The SwarmStore contract suite: an implementation runs it (memory.test.ts) with a
// fresh, empty store per test.
import { afterEach, beforeEach, describe } from 'vitest';
import { abuseContract } from './contract/abuse-contract.js';
import { announceContract } from './contract/announce-contract.js';
import type { HarnessFactory, StoreHarness } from './contract/harness.js';
import { ledgerContract } from './contract/ledger-contract.js';
import { selectionContract } from './contract/selection-contract.js';
import type { SwarmStore } from './store.js';

export type { HarnessFactory, StoreHarness } from './contract/harness.js';

export function describeSwarmStoreContract(name: string, createHarness: HarnessFactory): void {
  describe(`${name} satisfies the SwarmStore contract`, () => {
    let harness: StoreHarness | undefined;
    beforeEach(async () => {
      harness = await createHarness();
    });
    afterEach(async () => {
      await harness?.close();
      harness = undefined;
    });
    const getStore = (): SwarmStore => {
      if (harness === undefined) throw new Error('store harness not ready');
      return harness.store;
    };
    announceContract(getStore);
    selectionContract(getStore);
    ledgerContract(getStore);
    abuseContract(getStore);
  });
}
