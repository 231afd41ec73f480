// Runs a command as a child process and measures its wall time and peak resident set size:
// with GNU time (`/usr/bin/time -v`, "Maximum resident set size") when present, else by polling
// /proc/<pid>/status for VmHWM (the kernel's high-water mark of the process's RSS).
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";

export interface Measured {
  wallS: number;
  peakRssMiB: number;
  /** user + system CPU seconds of the child (all its threads) */
  cpuS: number | null;
  /** CPU seconds the rest of the machine used meanwhile, ÷ wall time: other work competing for the cores */
  otherCores: number | null;
  code: number | null;
  stdout: string;
  stderr: string;
}

const GNU_TIME = "/usr/bin/time";

function gnuTimeWorks(): boolean {
  if (!existsSync(GNU_TIME)) return false;
  // BusyBox's time has no -v: check once that the report is there
  const r = spawnSync(GNU_TIME, ["-v", "true"], { encoding: "utf8" });
  return /Maximum resident set size/.test(`${r.stdout ?? ""}${r.stderr ?? ""}`);
}

export const RSS_METHOD: "gnu-time" | "proc-vmhwm" = gnuTimeWorks() ? "gnu-time" : "proc-vmhwm";

let clockTicks = 100;
try {
  clockTicks = Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout.trim()) || 100;
} catch {
  // keep 100, Linux's USER_HZ
}

/** CPU seconds the whole machine has spent busy (all cores), from /proc/stat. */
function machineBusyS(): number | null {
  try {
    const f = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1).map(Number);
    const [user, nice, system, , , irq, softirq, steal] = f;
    return ((user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0)) / clockTicks;
  } catch {
    return null;
  }
}

/** utime + stime of a live process (all threads), from /proc/<pid>/stat. */
function processCpuS(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(f[11]) + Number(f[12])) / clockTicks;
  } catch {
    return null;
  }
}

function vmHwmKiB(pid: number): number | null {
  try {
    const m = /VmHWM:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

export async function measure(cmd: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Measured> {
  const useTime = RSS_METHOD === "gnu-time";
  const busy0 = machineBusyS();
  const start = process.hrtime.bigint();
  const child = useTime
    ? spawn(GNU_TIME, ["-v", cmd, ...args], { cwd: options.cwd, env: options.env, stdio: ["ignore", "pipe", "pipe"] })
    : spawn(cmd, args, { cwd: options.cwd, env: options.env, stdio: ["ignore", "pipe", "pipe"] });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on("data", (b: Buffer) => out.push(b));
  child.stderr.on("data", (b: Buffer) => err.push(b));
  let hwm = 0;
  let cpuS: number | null = null;
  const poll = useTime
    ? undefined
    : setInterval(() => {
        const v = child.pid ? vmHwmKiB(child.pid) : null;
        if (v !== null && v > hwm) hwm = v;
        const c = child.pid ? processCpuS(child.pid) : null;
        if (c !== null) cpuS = c;
      }, 20);
  const code: number | null = await new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (c) => resolve(c));
  });
  const wallS = Number(process.hrtime.bigint() - start) / 1e9;
  const busy1 = machineBusyS();
  if (poll) clearInterval(poll);
  let stderr = Buffer.concat(err).toString("utf8");
  if (useTime) {
    const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
    hwm = m ? Number(m[1]) : 0;
    const user = /User time \(seconds\): ([\d.]+)/.exec(stderr);
    const sys = /System time \(seconds\): ([\d.]+)/.exec(stderr);
    cpuS = user && sys ? Number(user[1]) + Number(sys[1]) : null;
    // drop GNU time's own report (it starts with "\tCommand being timed:")
    const at = stderr.lastIndexOf("\tCommand being timed:");
    if (at >= 0) stderr = stderr.slice(0, at);
    // "Command exited with non-zero status N" precedes the report
    stderr = stderr.replace(/Command exited with non-zero status \d+\n?$/, "");
  }
  // the bench process itself is idle while it waits, so busy time beyond the child's is other work
  const otherCores = busy0 !== null && busy1 !== null && cpuS !== null ? Math.max(0, (busy1 - busy0 - cpuS) / wallS) : null;
  return { wallS, peakRssMiB: hwm / 1024, cpuS, otherCores, code, stdout: Buffer.concat(out).toString("utf8"), stderr };
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  if (n === 0) return NaN;
  return n % 2 ? s[(n - 1) / 2]! : (s[n / 2 - 1]! + s[n / 2]!) / 2;
}
