-- Print one run's figures as a JSON line for benchmarks/web_throughput.py.
-- wrk's own report stops at the 90th and 99th percentiles; the goals are set on the 95th.

done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    "\nWRK_JSON {\"requests\": %d, \"duration_us\": %d, \"bytes\": %d, "
      .. "\"errors\": {\"connect\": %d, \"read\": %d, \"write\": %d, \"status\": %d, \"timeout\": %d}, "
      .. "\"latency_us\": {\"mean\": %.1f, \"p50\": %.0f, \"p90\": %.0f, \"p95\": %.0f, "
      .. "\"p99\": %.0f, \"max\": %.0f}}\n",
    summary.requests, summary.duration, summary.bytes,
    errors.connect, errors.read, errors.write, errors.status, errors.timeout,
    latency.mean, latency:percentile(50), latency:percentile(90), latency:percentile(95),
    latency:percentile(99), latency.max
  ))
end
