import fs from 'node:fs';
import os from 'node:os';

/** Linux reports process times in clock ticks; 100 per second on every mainstream kernel build. */
const TICKS_PER_SECOND = 100;

/** User + system CPU time the process has used so far, in seconds. */
export function cpuSeconds(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may contain spaces: count fields after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return (utime + stime) / TICKS_PER_SECOND;
}

/** Resident set size in bytes. */
export function rssBytes(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = /VmRSS:\s+(\d+) kB/.exec(status);
  return m ? Number(m[1]) * 1024 : 0;
}

export function loadAverage(): [number, number, number] {
  const [a = 0, b = 0, c = 0] = os.loadavg();
  return [round(a, 2), round(b, 2), round(c, 2)];
}

export function round(n: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

/** CPU and wall time of a process across a measured window. */
export class CpuWindow {
  private readonly cpu0: number;
  private readonly t0 = performance.now();
  constructor(private readonly pid: number) {
    this.cpu0 = cpuSeconds(pid);
  }
  end(): { cpuSeconds: number; wallSeconds: number } {
    return { cpuSeconds: round(cpuSeconds(this.pid) - this.cpu0, 2), wallSeconds: round((performance.now() - this.t0) / 1000, 2) };
  }
}
