// One call in flight per key: callers that ask for a key while its call runs share
// that call's promise. The site's short caches (hosts, sessions) use it so that when
// an entry expires under many requests in flight they wait for one database look-up
// instead of each taking a connection of the pool.
export function singleFlight<A, V>(call: (asked: A) => Promise<V>, keyOf: (asked: A) => string): (asked: A) => Promise<V> {
  const inFlight = new Map<string, Promise<V>>();
  return (asked) => {
    const key = keyOf(asked);
    let pending = inFlight.get(key);
    if (!pending) {
      pending = call(asked).finally(() => inFlight.delete(key));
      inFlight.set(key, pending);
    }
    return pending;
  };
}
