/** Container health check: exits 0 when the service on this port answers `/readyz`, else 1. */
const port = process.argv[2] ?? '4000';
try {
  const response = await fetch(`http://127.0.0.1:${port}/readyz`, { signal: AbortSignal.timeout(4_000) });
  process.exit(response.ok ? 0 : 1);
} catch {
  process.exit(1);
}
