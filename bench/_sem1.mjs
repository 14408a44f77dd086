import { createTask, gather, run, sleep } from '@aio/core';
import { Semaphore } from '@aio/sync';
import pLimit from 'p-limit';
const TASKS=100_000, LIMIT=10;
function aioSemaphore() {
  return run(function* main() {
    const sem = new Semaphore(LIMIT);
    function* worker() {
      const permit = yield* sem.acquire();
      try { yield* sleep(0); } finally { permit.release(); }
    }
    const tasks = new Array(TASKS);
    for (let i = 0; i < TASKS; i++) tasks[i] = createTask(worker());
    yield* gather(tasks);
  });
}
function aioCore() {
  return run(function* main() {
    function* worker() { try { yield* sleep(0); } finally {} }
    const tasks = new Array(TASKS);
    for (let i = 0; i < TASKS; i++) tasks[i] = createTask(worker());
    yield* gather(tasks);
  });
}
async function pl() { const limit=pLimit(LIMIT); const jobs=new Array(TASKS); for (let i=0;i<TASKS;i++) jobs[i]=limit(async()=>{await null}); await Promise.all(jobs); }
const which = process.argv[2] ?? 'all';
const cs = {aio: aioSemaphore, core: aioCore, plimit: pl};
for (let r=0;r<12;r++) for (const [n,f] of Object.entries(cs)) { if (which!=='all'&&which!==n) continue; globalThis.gc?.(); const s=performance.now(); await f(); if (r>=2) console.log(n, (performance.now()-s).toFixed(1)); }
