import { cpus, freemem, hostname, loadavg, totalmem } from 'node:os';

export interface MachineInfo {
  readonly hostname: string;
  readonly cpuModel: string;
  readonly cores: number;
  readonly memoryTotalBytes: number;
  readonly memoryFreeBytesAtStart: number;
  /** 1-minute load average at start: other engineers share this machine, so figures drift with it. */
  readonly loadAverage1m: number;
  readonly node: string;
  readonly platform: string;
  readonly startedAt: string;
}

export function describeMachine(now: Date): MachineInfo {
  const cpuList = cpus();
  return {
    hostname: hostname(),
    cpuModel: cpuList[0]?.model ?? 'unknown',
    cores: cpuList.length,
    memoryTotalBytes: totalmem(),
    memoryFreeBytesAtStart: freemem(),
    loadAverage1m: loadavg()[0] ?? 0,
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    startedAt: now.toISOString(),
  };
}
