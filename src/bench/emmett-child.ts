// W1 beside Emmett runs in a process of its own: both pipelines meet the same fresh process,
// whatever the benchmark ran before (in one process with the other workloads, the ratio
// moved 0.75–1.16 between runs of unchanged code).
import { pipelineVersusEmmett } from './pipeline-cpu.js';

const calls = Number(process.argv[2]);
process.stdout.write(JSON.stringify(await pipelineVersusEmmett(calls)));
