import { createTask, gather, run, sleep } from '@aio/core';
import { Semaphore } from '@aio/sync';
import v8 from 'node:v8';
import { readFileSync } from 'node:fs';
const N=20_000;
await run(function* main() {
  const sem = new Semaphore(10);
  function* worker() { const permit = yield* sem.acquire(); try { yield* sleep(0); } finally { permit.release(); } }
  const tasks = new Array(N);
  for (let i = 0; i < N; i++) tasks[i] = createTask(worker());
  yield* sleep(0); yield* sleep(0);
  const file = v8.writeHeapSnapshot('/tmp/h.heapsnapshot');
  const snap = JSON.parse(readFileSync(file));
  const f = snap.snapshot.meta.node_fields, nf=f.length; const types=snap.snapshot.meta.node_types[0];
  const ti=f.indexOf('type'), ni=f.indexOf('name'), si=f.indexOf('self_size');
  const agg=new Map();
  for (let i=0;i<snap.nodes.length;i+=nf){ const k=types[snap.nodes[i+ti]]+':'+snap.strings[snap.nodes[i+ni]]; const a=agg.get(k)??[0,0]; a[0]++; a[1]+=snap.nodes[i+si]; agg.set(k,a);}
  for (const [k,[c,s]] of [...agg].filter(([k,[c]])=>c>=N*0.9).sort((a,b)=>b[1][1]-a[1][1]).slice(0,20)) console.log(k.slice(0,60).padEnd(60), c, (s/N).toFixed(0)+' B/task', (s/c).toFixed(0)+' B each');
  yield* gather(tasks);
});
