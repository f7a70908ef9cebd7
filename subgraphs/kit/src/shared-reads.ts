/**
 * Reads shared across concurrent requests. Calls with the same key made in the same turn of the event
 * loop — typically the operations of one router batch, or many clients of one organization reloading
 * the same list after a live event — are answered by one load instead of one statement each. Nothing
 * is cached: every call is answered by a load that starts after the call was made, so a read never sees
 * data older than its own call and a write that finished before it is always visible. Authorization stays
 * with the caller: only share a load whose result every caller of that key may read whole.
 */

interface Waiting<Arg, Value> {
  arg: Arg;
  resolve(value: Value): void;
  reject(error: unknown): void;
}

/**
 * `load(key, args)` answers all the calls of one key in one turn, one value per argument in order.
 * A load that throws (or answers the wrong number of values) fails every call that shared it.
 */
export function shareReads<Key, Arg, Value>(
  load: (key: Key, args: readonly Arg[]) => Promise<readonly Value[]>,
): (key: Key, arg: Arg) => Promise<Value> {
  let waiting = new Map<Key, Waiting<Arg, Value>[]>();

  const dispatch = () => {
    const due = waiting;
    waiting = new Map();
    for (const [key, calls] of due) {
      const args = calls.map((call) => call.arg);
      // A load that throws before returning its promise fails its callers too, not the process.
      new Promise<readonly Value[]>((resolve) => resolve(load(key, args))).then(
        (values) => {
          if (values.length !== calls.length) {
            const error = new Error(`shared read answered ${values.length} values for ${calls.length} calls`);
            for (const call of calls) call.reject(error);
            return;
          }
          for (const [index, call] of calls.entries()) call.resolve(values[index] as Value);
        },
        (error: unknown) => {
          for (const call of calls) call.reject(error);
        },
      );
    }
  };

  return (key, arg) =>
    new Promise<Value>((resolve, reject) => {
      // setImmediate, not a microtask: concurrent operations reach their reads after different numbers of
      // promise steps, yet within the same turn.
      if (waiting.size === 0) setImmediate(dispatch);
      const calls = waiting.get(key);
      if (calls) calls.push({ arg, resolve, reject });
      else waiting.set(key, [{ arg, resolve, reject }]);
    });
}
