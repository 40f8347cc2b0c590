// Runs WORKERS copies (default 2) of a PostGraphile server script sharing one listening socket, each
// accepting its own connections, as `rapport api --workers N` (uvicorn) does: bench/run.py's
// `--comparator-workers N` starts the comparators through it.
//
//   WORKERS=2 PORT=5051 node ../cluster.mjs server.mjs

import cluster from "node:cluster";
import { resolve } from "node:path";

const [script, ...args] = process.argv.slice(2);
if (!script) {
  console.error("usage: node cluster.mjs <server script> [args...]");
  process.exit(2);
}
const workers = Number(process.env.WORKERS || 2);
// Each worker accepts from the shared socket (SCHED_NONE), not the primary handing connections round.
cluster.schedulingPolicy = cluster.SCHED_NONE;
cluster.setupPrimary({ exec: resolve(script), args });
for (let index = 0; index < workers; index += 1) cluster.fork();

let stopping = false;
cluster.on("exit", (worker, code, signal) => {
  if (stopping) return;
  console.error(`worker ${worker.process.pid} ended (${signal ?? code}): stopping`);
  stopping = true;
  for (const other of Object.values(cluster.workers ?? {})) other?.kill();
  process.exit(1);
});
for (const name of ["SIGTERM", "SIGINT"]) {
  process.on(name, () => {
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.kill();
    process.exit(0);
  });
}
