/**
 * What the bridge reports in its heartbeats: the local OpenClaw's session and agent counts and version
 * (from its health and hello), and the host's memory and CPU (busy share of all cores since the last
 * sample). No local gateway answer, no heartbeat: Mission Control's sweep then marks the gateway OFFLINE.
 */
import { cpus, freemem, totalmem } from 'node:os';
import type { GatewayLink } from '@mc/gateway-link';

export interface HeartbeatMetrics {
  activeSessions: number;
  memoryBytes: number;
  cpuPercent: number;
  agentCount: number;
  version: string;
}

export class HostSampler {
  private last = cpuTimes();

  /** Busy share of all cores since the previous call, 0–100. */
  cpuPercent(): number {
    const now = cpuTimes();
    const total = now.total - this.last.total;
    const idle = now.idle - this.last.idle;
    this.last = now;
    return total > 0 ? Math.min(100, Math.max(0, Math.round((1 - idle / total) * 1000) / 10)) : 0;
  }
}

function cpuTimes() {
  let total = 0;
  let idle = 0;
  for (const cpu of cpus()) {
    const t = cpu.times;
    total += t.user + t.nice + t.sys + t.idle + t.irq;
    idle += t.idle;
  }
  return { total, idle };
}

/** The metrics of one heartbeat; rejects when the local gateway does not answer. */
export async function sampleMetrics(local: GatewayLink, host: HostSampler): Promise<HeartbeatMetrics> {
  const hello = await local.connect();
  const health = await local.health();
  const agentCount = health.agentCount ?? (await local.listAgents()).length;
  return {
    activeSessions: health.sessionCount ?? 0,
    memoryBytes: totalmem() - freemem(),
    cpuPercent: host.cpuPercent(),
    agentCount,
    version: hello.serverVersion,
  };
}
