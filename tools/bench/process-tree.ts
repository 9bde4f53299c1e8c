import { readdirSync, readFileSync } from "node:fs";
import { processCpuMs } from "./process-cpu.js";
import { type ProcessMemory, processMemory } from "./process-memory.js";

/**
 * `pid` and every live process below it, parents first. A server with
 * workers (node:cluster) does its work in children, so its CPU and memory
 * are those of the whole tree. Empty where /proc is unavailable.
 */
export function processTree(pid: number): number[] {
  let entries: string[];
  try {
    entries = readdirSync("/proc");
  } catch {
    return [];
  }
  const children = new Map<number, number[]>();
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const parent = parentOf(Number(entry));
    if (parent === undefined) continue;
    const list = children.get(parent) ?? [];
    list.push(Number(entry));
    children.set(parent, list);
  }
  const tree: number[] = [];
  const visit = (p: number) => {
    tree.push(p);
    for (const child of children.get(p) ?? []) visit(child);
  };
  if (entries.includes(String(pid))) visit(pid);
  return tree;
}

/** CPU (user + system) used so far by the processes of the tree now alive, ms; undefined without /proc. */
export function processTreeCpuMs(pid: number): number | undefined {
  const tree = processTree(pid);
  if (tree.length === 0) return processCpuMs(pid);
  let total = 0;
  for (const p of tree) {
    const ms = processCpuMs(p);
    // A worker that exited between the listing and the read has nothing left to count.
    if (ms !== undefined) total += ms;
  }
  return total;
}

export interface TreeMemory {
  readonly pid: number;
  readonly memory: ProcessMemory;
}

/** Resident memory of each process of the tree, parents first. */
export function processTreeMemory(pid: number): TreeMemory[] {
  return processTree(pid).flatMap((p) => {
    const memory = processMemory(p);
    return memory === undefined ? [] : [{ pid: p, memory }];
  });
}

function parentOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Field 4 (ppid), the second after comm's closing parenthesis.
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
  } catch {
    return undefined;
  }
}
