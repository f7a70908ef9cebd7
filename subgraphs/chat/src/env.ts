/** Chat subgraph configuration, parsed once at start. */
import { baseEnvSchema, parseEnv } from '@mc/kit';
import { z } from 'zod';

export const chatEnvSchema = baseEnvSchema.extend({
  PORT: z.coerce.number().int().min(0).max(65535).default(4105),
  /** Longest message text, in characters (longer is `MESSAGE_TOO_LONG`). */
  CHAT_MESSAGE_MAX_CHARS: z.coerce.number().int().min(1).max(100_000).default(4000),
  /** Sends per H5 user per window (`RATE_LIMITED` beyond; retries of a stored message are free). */
  CHAT_SEND_LIMIT: z.coerce.number().int().min(1).default(30),
  CHAT_SEND_WINDOW_SECONDS: z.coerce.number().int().min(1).default(10),
  /** How long a message waits for its agent to come back before it is marked FAILED. */
  CHAT_PENDING_TIMEOUT_SECONDS: z.coerce.number().positive().default(300),
  /** How often messages PENDING past the timeout are swept to FAILED (backstop for lost delayed jobs). */
  CHAT_PENDING_SWEEP_MS: z.coerce.number().int().min(100).default(60_000),
  /**
   * How often the process checks the heads of all the sessions it follows (one statement for all its
   * subscriptions): catches an event whose live publish was lost, and an unassignment.
   */
  CHAT_STREAM_POLL_MS: z.coerce.number().int().min(50).default(2000),
  /** Live events a subscriber may have waiting before it gets RESYNC_REQUIRED and ends. */
  CHAT_STREAM_BUFFER_SIZE: z.coerce.number().int().min(1).default(5000),
});

export type ChatEnv = z.infer<typeof chatEnvSchema>;

export const loadChatEnv = (source?: Record<string, string | undefined>) => parseEnv(chatEnvSchema, source);
