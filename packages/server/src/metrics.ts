import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Reasons a stored document counts as corrupt on load (label of yjs_corruption_detected_total). */
export type CorruptionReason =
  | 'missing_predecessor'
  | 'undecodable_row'
  | 'empty_over_content'
  | 'legacy_content_array'
  | 'invalid_content_blocks';


/**
 * Every Prometheus metric of one server instance, on its own registry so that
 * several instances in one process (tests, benchmarks) never share counters.
 */
export class Metrics {
  readonly registry = new Registry();

  /** Seconds from the upgrade request to the first sync step 2 sent, by whether the script was in memory. */
  readonly firstSyncReply = new Histogram({
    name: 'writersroom_sync_first_reply_seconds',
    help: 'Time from WebSocket upgrade request to the first sync step 2 sent to the client',
    labelNames: ['load'] as const,
    buckets: [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5],
    registers: [this.registry],
  });

  readonly rowsPersisted = new Counter({
    name: 'writersroom_rows_persisted_total',
    help: 'Update rows made durable by the group commit',
    registers: [this.registry],
  });

  readonly commitBatchRows = new Histogram({
    name: 'writersroom_commit_batch_rows',
    help: 'Rows written by one group commit',
    buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000],
    registers: [this.registry],
  });

  readonly commitDuration = new Histogram({
    name: 'writersroom_commit_duration_seconds',
    help: 'Duration of one group commit (one multi-row insert)',
    buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.5, 1],
    registers: [this.registry],
  });

  readonly commitFailures = new Counter({
    name: 'writersroom_commit_failures_total',
    help: 'Group commits that failed and will be retried',
    registers: [this.registry],
  });

  readonly pendingRows = new Gauge({
    name: 'writersroom_pending_rows',
    help: 'Rows applied in memory and not yet durable',
    registers: [this.registry],
  });

  readonly projectionFailures = new Counter({
    name: 'writersroom_projection_failures_total',
    help: 'Attempts to write a script\'s content_blocks projection that failed (each is retried)',
    registers: [this.registry],
  });

  readonly projectionsFailing = new Gauge({
    name: 'writersroom_projections_failing',
    help: 'Loaded scripts whose latest projection attempt failed',
    registers: [this.registry],
  });

  readonly checkpointsTaken = new Counter({
    name: 'writersroom_checkpoints_total',
    help: 'Checkpoints of scripts\' history stored, by kind (auto, named, restore)',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });

  readonly checkpointFailures = new Counter({
    name: 'writersroom_checkpoint_failures_total',
    help: 'Automatic checkpoints that could not be stored (each is tried again on the next quiet period)',
    registers: [this.registry],
  });

  readonly rateLimited = new Counter({
    name: 'writersroom_rate_limited_total',
    help: 'Requests, connection attempts and sockets refused or closed by a limit',
    labelNames: ['limit'] as const,
    registers: [this.registry],
  });

  readonly loadedScripts = new Gauge({
    name: 'writersroom_loaded_scripts',
    help: 'Scripts whose document is in memory',
    registers: [this.registry],
  });

  readonly openConnections = new Gauge({
    name: 'writersroom_open_connections',
    help: 'Open WebSocket connections',
    registers: [this.registry],
  });

  /** Name kept from the plan (§1.3) so existing alerts keep working. */
  readonly corruptLoads = new Counter({
    name: 'yjs_corruption_detected_total',
    help: 'Stored documents found damaged on load',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });

  readonly messagesRejected = new Counter({
    name: 'writersroom_messages_rejected_total',
    help: 'Client messages refused by the server',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });

  /** By what started it: a periodic sweep (`interval`) or a script leaving memory (`unload`). */
  readonly scriptsCompacted = new Counter({
    name: 'writersroom_scripts_compacted_total',
    help: 'Scripts whose rows were merged into one baseline by the background compactor',
    labelNames: ['trigger'] as const,
    registers: [this.registry],
  });

  readonly compactionsSkipped = new Counter({
    name: 'writersroom_compactions_skipped_total',
    help: 'Compactions that changed nothing: too few rows, locked by another compactor, or a damaged log',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });

  readonly compactionRowsRemoved = new Counter({
    name: 'writersroom_compaction_rows_removed_total',
    help: 'Rows deleted by compactions (each compaction also writes one baseline row)',
    registers: [this.registry],
  });

  readonly compactionBytesBefore = new Counter({
    name: 'writersroom_compaction_bytes_before_total',
    help: 'Update bytes of the rows compactions merged',
    registers: [this.registry],
  });

  readonly compactionBytesAfter = new Counter({
    name: 'writersroom_compaction_bytes_after_total',
    help: 'Bytes of the baselines compactions wrote',
    registers: [this.registry],
  });

  readonly compactionDuration = new Histogram({
    name: 'writersroom_compaction_duration_seconds',
    help: 'Duration of one script compaction (lock, read, merge, write)',
    buckets: [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 5],
    registers: [this.registry],
  });

  readonly compactionFailures = new Counter({
    name: 'writersroom_compaction_failures_total',
    help: 'Compaction work that failed with an error (retried by a later sweep)',
    registers: [this.registry],
  });

  readonly fanOutConnected = new Gauge({
    name: 'writersroom_fanout_redis_connected',
    help: 'Whether the fan-out to other processes is subscribed on Redis (1) or not (0); 0 with one process (no REDIS_URL)',
    registers: [this.registry],
  });

  readonly fanOutPublished = new Counter({
    name: 'writersroom_fanout_updates_published_total',
    help: 'Committed updates published to the other processes',
    registers: [this.registry],
  });

  readonly fanOutReceived = new Counter({
    name: 'writersroom_fanout_updates_received_total',
    help: 'Updates received from other processes and applied',
    registers: [this.registry],
  });

  readonly fanOutLag = new Histogram({
    name: 'writersroom_fanout_lag_seconds',
    help: 'Time from another process publishing an update to this process applying it',
    buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.5, 1, 5],
    registers: [this.registry],
  });

  readonly fanOutCatchUps = new Counter({
    name: 'writersroom_fanout_catch_ups_total',
    help: 'Stored rows read again because an update from another process may have been missed, by why',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });

  readonly fanOutOrphansStored = new Counter({
    name: 'writersroom_fanout_orphans_stored_total',
    help: 'Updates from another process stored here because their commit was never announced (the process died, or Redis lost the word)',
    registers: [this.registry],
  });

  readonly fanOutCaughtUp = new Counter({
    name: 'writersroom_fanout_caught_up_total',
    help: 'Catch-ups that found content the fan-out had not delivered (the messages were lost)',
    registers: [this.registry],
  });

  constructor(options: { processMetrics: boolean }) {
    if (options.processMetrics) collectDefaultMetrics({ register: this.registry });
  }
}
