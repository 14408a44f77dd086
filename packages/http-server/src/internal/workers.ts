/**
 * `runApp({ workers: n })`: the primary process forks n workers with node:cluster; each
 * worker runs the same script, whose `runApp` call serves the app on the shared port. The
 * primary prints the banner, forwards SIGINT/SIGTERM to the workers (a second signal kills
 * them and exits) and settles once every worker has exited.
 */
import cluster from 'node:cluster';

/** Whether this process is a cluster worker. */
export function isClusterWorker(): boolean {
  return cluster.isWorker;
}

/** Forks `count` workers and waits for all of them to exit. */
export function runWorkers(count: number, printBanner: (port: number) => void): Promise<void> {
  return new Promise((resolve) => {
    let alive = 0;
    let online = 0;
    let signals = 0;
    for (let i = 0; i < count; i++) {
      const worker = cluster.fork();
      alive++;
      worker.once('listening', (address: { port: number }) => {
        if (++online === count) printBanner(address.port);
      });
      worker.once('exit', () => {
        if (--alive === 0) {
          process.off('SIGINT', forward);
          process.off('SIGTERM', forward);
          resolve();
        }
      });
    }
    function forward(signal: NodeJS.Signals): void {
      signals++;
      for (const worker of Object.values(cluster.workers ?? {})) {
        worker?.process.kill(signals > 1 ? 'SIGKILL' : signal);
      }
      if (signals > 1) process.exit(signal === 'SIGINT' ? 130 : 143);
    }
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
  });
}

/** In a worker whose server has shut down: closes the IPC channel so the process can exit. */
export function leaveCluster(): void {
  if (cluster.isWorker && cluster.worker?.isConnected() === true) cluster.worker.disconnect();
}
