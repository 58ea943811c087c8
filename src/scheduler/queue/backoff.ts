/**
 * kube-scheduler: calculateBackoffDuration (backend/queue/scheduling_queue.go): initial × 2^(attempts−1),
 * capped at max; 0 before the first attempt. Seconds in, seconds out.
 */
export function backoffSeconds(attempts: number, initialSeconds: number, maxSeconds: number): number {
  if (attempts <= 0) return 0;
  let d = initialSeconds;
  for (let i = 1; i < attempts; i++) {
    if (d > maxSeconds - d) return maxSeconds;
    d += d;
  }
  return Math.min(d, maxSeconds);
}
