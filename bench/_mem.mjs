import { createTask, gather, run, sleep } from '@aio/core';
import { Semaphore } from '@aio/sync';
import { waitAllBlocked } from '@aio/core/testing';
const N=100_000;
await run(function* main() {
  const sem = new Semaphore(10);
  function* worker() { const permit = yield* sem.acquire(); try { yield* sleep(0); } finally { permit.release(); } }
  globalThis.gc(); const before = process.memoryUsage().heapUsed;
  const tasks = new Array(N);
  for (let i = 0; i < N; i++) tasks[i] = createTask(worker());
  yield* sleep(0); yield* sleep(0);
  globalThis.gc(); const after = process.memoryUsage().heapUsed;
  console.log('bytes per parked task', ((after-before)/N).toFixed(0));
  yield* gather(tasks);
});
