/**
 * Embedded Easemob (Agora Chat) simulator for tests and benchmarks: {@link io.chathistorybridge.sandbox.EasemobSandbox}
 * is a real HTTP server on 127.0.0.1 speaking the documented token, hourly-history and import APIs.
 *
 * <p>Modelling choices worth knowing when you code against it:
 * <ul>
 *   <li>Rate windows are exact and sliding (no buckets): a request is rejected when, counting itself, more than the
 *       limit arrived within the last window (1000 ms per import endpoint, 60 s for history). Every request that
 *       reaches the app counts, whatever its answer (429, 401, 400 …), like a gateway in front of the service;
 *       only connections dropped by the drop fault are not counted. Checked before faults and auth.</li>
 *   <li>Chronological rule per conversation: 1:1 = unordered pair {from, target}, group = target group; msg_timestamp
 *       (default: now) must be strictly greater than the last accepted one; rejections count as order violations.</li>
 *   <li>An empty hour ({@code markEmpty} or never set) answers 404 storage_object_not_found, like the real API for an
 *       hour without traffic; {@code markUnstored} answers the 400 "expired or unstored".</li>
 *   <li>Faults are global; 503/429/drop/latency apply to history and downloads only when
 *       {@code faults().faultsOnHistory(true)}, except latency which always applies to the history API.</li>
 *   <li>Out of process: run {@link io.chathistorybridge.sandbox.SandboxMain} and use the /_sandbox/* endpoints
 *       documented on {@code SandboxAdmin}.</li>
 * </ul>
 */
package io.chathistorybridge.sandbox;
