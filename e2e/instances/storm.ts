import { postEvent } from '../support/attacker.ts';
import type { Instance } from '../support/cluster.ts';

/**
 * Sending many signed Stripe deliveries through the proxy while instances are SIGKILLed and restarted, on
 * events of the run itself (never on a clock): the k-th kill comes once k/(kills+1) of the deliveries were
 * acknowledged, kills take the instances in turn, and one instance is down at a time.
 */

/** When one instance was down: from the SIGKILL to the end of its restart. */
export interface KillWindow {
  instance: number;
  /** Just before the signal was sent (ms since the epoch). */
  start: number;
  /** Once the process was gone. */
  gone: number;
  /** Once it listened again. */
  back: number;
}

export interface StormResult {
  kills: KillWindow[];
  /** Deliveries answered other than 2xx (or not answered) and sent again, as Stripe retries. */
  retried: number;
}

/** SIGKILLs one instance and records when in `kills`; the window's `back` is set by `restartKilled`. */
export async function killInstance(instance: Instance, kills: KillWindow[]): Promise<KillWindow> {
  const start = Date.now();
  await instance.kill();
  const window: KillWindow = { instance: instance.index, start, gone: Date.now(), back: Number.NaN };
  kills.push(window);
  return window;
}

/** Starts a killed instance again and records when it listened. */
export async function restartKilled(instance: Instance, window: KillWindow): Promise<void> {
  await instance.restart();
  window.back = Date.now();
}

/** Kills one instance (SIGKILL) and restarts it; the other instances keep serving meanwhile. */
export async function killAndRestart(instance: Instance, kills: KillWindow[]): Promise<void> {
  await restartKilled(instance, await killInstance(instance, kills));
}

/**
 * POSTs each payload of `queue` (signed at send time with `secret`) to `url` with `concurrency` senders; a
 * delivery that is not answered 2xx is sent again after 50 ms, as Stripe retries until it gets one. After
 * each k/(kills+1) of the queue is acknowledged, the next instance in turn is killed and restarted; a sender
 * that reaches a kill point while the previous restart is still under way waits for it, so every kill happens
 * while deliveries are still going.
 */
export async function deliverWithKills(o: {
  url: string;
  secret: string;
  queue: string[];
  instances: Instance[];
  kills: number;
  concurrency: number;
  killed: KillWindow[];
}): Promise<StormResult> {
  const thresholds = Array.from({ length: o.kills }, (_, k) =>
    Math.floor(((k + 1) * o.queue.length) / (o.kills + 1)),
  );
  let next = 0;
  let acked = 0;
  let nextKill = 0;
  let retried = 0;
  let restarting: Promise<void> | null = null;
  const failures: unknown[] = [];

  const maybeKill = (): void => {
    if (restarting || nextKill >= o.kills || acked < (thresholds[nextKill] as number)) return;
    const victim = o.instances[nextKill % o.instances.length] as Instance;
    nextKill++;
    restarting = killAndRestart(victim, o.killed)
      .catch((error: unknown) => {
        failures.push(error);
      })
      .finally(() => {
        restarting = null;
        maybeKill();
      });
  };

  const deliver = async (payload: string): Promise<void> => {
    for (let attempt = 0; ; attempt++) {
      try {
        const res = await postEvent(o.url, payload, o.secret);
        await res.arrayBuffer();
        if (res.ok) return;
      } catch {
        // The instance died while holding it (the proxy's 502 or a broken answer): Stripe sends it again.
      }
      retried++;
      if (attempt > 400) throw new Error('a delivery was never acknowledged');
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  const sender = async (): Promise<void> => {
    while (next < o.queue.length) {
      while (restarting && nextKill < o.kills && acked >= (thresholds[nextKill] as number)) await restarting;
      const index = next++;
      await deliver(o.queue[index] as string);
      acked++;
      maybeKill();
    }
  };
  await Promise.all(Array.from({ length: o.concurrency }, () => sender()));
  while (restarting) await restarting;
  if (failures.length > 0) throw failures[0];
  if (nextKill !== o.kills) throw new Error(`only ${nextKill} of ${o.kills} kills happened`);
  return { kills: o.killed, retried };
}
