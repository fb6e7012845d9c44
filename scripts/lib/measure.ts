import { spawn } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';

export interface Measured {
  code: number | null;
  ms: number;
  /** Peak resident memory of the process and all its children, sampled every 50 ms. */
  peakRss: number;
  stdout: string;
  stderr: string;
}

async function descendants(pid: number): Promise<number[]> {
  const out = [pid];
  for (let i = 0; i < out.length; i++) {
    for (const task of await readdir(`/proc/${out[i]}/task`).catch(() => [] as string[])) {
      const children = await readFile(`/proc/${out[i]}/task/${task}/children`, 'utf8').catch(
        () => '',
      );
      for (const c of children.split(' ').filter(Boolean)) out.push(Number(c));
    }
  }
  return out;
}

async function rss(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
}

/** Runs a command and measures its wall time and the peak memory of its process tree (Linux /proc). */
export async function measure(
  command: string,
  args: string[],
  opts: { cwd: string; env?: Record<string, string> },
): Promise<Measured> {
  const started = performance.now();
  const child = spawn(command, args, {
    cwd: opts.cwd,
    env: { ...process.env, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  let peak = 0;
  let running = true;
  const sampler = (async () => {
    while (running) {
      let total = 0;
      for (const pid of await descendants(child.pid as number)) total += await rss(pid);
      peak = Math.max(peak, total);
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  running = false;
  await sampler;
  return { code, ms: performance.now() - started, peakRss: peak, stdout, stderr };
}

export const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
export const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
