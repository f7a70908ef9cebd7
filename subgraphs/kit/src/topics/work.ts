/**
 * The work domain's durable event declarations: topic names and payload types only, so subgraphs
 * that react to work's events need no dependency on the work package. Owned by the work domain:
 * what a topic carries is decided there (`subgraphs/work/src/domain-events.ts` adds how work records
 * them, e.g. board streams). Every payload names the board and, where it applies, the task, with the
 * fields that changed before and after.
 */
import { defineDomainEvent } from '../event-stream.ts';

export type TaskStatus = 'INBOX' | 'IN_PROGRESS' | 'REVIEW' | 'DONE';

export interface WorkChange {
  boardId: string | null;
  boardGroupId?: string | null;
  taskId?: string | null;
  /** The tag of `tag*` events (organization-level: `boardId` null). */
  tagId?: string | null;
  /** The definition of `customField*` events (`customFieldBound`/`Unbound` also name the board). */
  customFieldId?: string | null;
  /** The webhook of `webhookCreated`/`Updated`/`Deleted` (never its secret). */
  webhookId?: string | null;
  /** Changed fields before the change (null for creations). */
  before: Record<string, unknown> | null;
  /** Changed fields after the change (null for deletions). */
  after: Record<string, unknown> | null;
}

export interface TaskMove extends WorkChange {
  taskId: string;
  from: TaskStatus;
  to: TaskStatus;
}

/** A webhook payload handed to an agent (the fleet relays it to the agent's gateway). */
export interface WebhookDelivered {
  boardId: string;
  webhookId: string;
  deliveryId: string;
  targetAgentId: string;
  contentType: string | null;
  body: string;
}

/**
 * An agent was @mentioned in a task comment (one event per agent, never for the author itself), so
 * fleet can tell the agent; the comment's own `taskCommented` event carries every mention.
 */
export interface AgentMentioned {
  boardId: string;
  taskId: string;
  commentId: string;
  agentId: string;
  /** The token as written (`lead`, `Ada`, `Ada Lovelace`). */
  token: string;
  /** The start of the comment (at most 280 characters). */
  excerpt: string;
  /** What the agent is told (absent in events recorded before they were carried): the task's title, */
  taskTitle?: string;
  /** the board's name, */
  boardName?: string;
  /** and who wrote the comment (an agent's name, a person's e-mail; null when unknown). */
  authorName?: string | null;
}

export const workTopics = {
  boardCreated: defineDomainEvent<WorkChange>('work', 'boardCreated'),
  boardUpdated: defineDomainEvent<WorkChange>('work', 'boardUpdated'),
  boardDeleted: defineDomainEvent<WorkChange>('work', 'boardDeleted'),
  boardGroupCreated: defineDomainEvent<WorkChange>('work', 'boardGroupCreated'),
  boardGroupUpdated: defineDomainEvent<WorkChange>('work', 'boardGroupUpdated'),
  boardGroupDeleted: defineDomainEvent<WorkChange>('work', 'boardGroupDeleted'),
  taskCreated: defineDomainEvent<WorkChange>('work', 'taskCreated'),
  taskUpdated: defineDomainEvent<WorkChange>('work', 'taskUpdated'),
  taskMoved: defineDomainEvent<TaskMove>('work', 'taskMoved'),
  taskDeleted: defineDomainEvent<WorkChange>('work', 'taskDeleted'),
  taskDependenciesChanged: defineDomainEvent<WorkChange>('work', 'taskDependenciesChanged'),
  taskCommented: defineDomainEvent<WorkChange>('work', 'taskCommented'),
  agentMentioned: defineDomainEvent<AgentMentioned>('work', 'agentMentioned'),
  /** A board (`boardId`) or board-group (`boardGroupId`, `boardId` null) memory entry; `after: {memoryId, kind, body}`. */
  boardMemoryAdded: defineDomainEvent<WorkChange>('work', 'boardMemoryAdded'),
  webhookDelivered: defineDomainEvent<WebhookDelivered>('work', 'webhookDelivered'),
  /** Webhook definitions: name, targetAgentId, signatureHeader, requireSignature, enabled; `secretRotated`. */
  webhookCreated: defineDomainEvent<WorkChange>('work', 'webhookCreated'),
  webhookUpdated: defineDomainEvent<WorkChange>('work', 'webhookUpdated'),
  webhookDeleted: defineDomainEvent<WorkChange>('work', 'webhookDeleted'),
  /** Tag definitions: name, slug, color. */
  tagCreated: defineDomainEvent<WorkChange>('work', 'tagCreated'),
  tagUpdated: defineDomainEvent<WorkChange>('work', 'tagUpdated'),
  tagDeleted: defineDomainEvent<WorkChange>('work', 'tagDeleted'),
  /** Custom-field definitions: key, label, type, required, defaultValue, pattern, visibility. */
  customFieldCreated: defineDomainEvent<WorkChange>('work', 'customFieldCreated'),
  customFieldUpdated: defineDomainEvent<WorkChange>('work', 'customFieldUpdated'),
  customFieldDeleted: defineDomainEvent<WorkChange>('work', 'customFieldDeleted'),
  /** A definition bound to (unbound from) a board: `boardId` set, `after` (`before`) `{key, label}`. */
  customFieldBound: defineDomainEvent<WorkChange>('work', 'customFieldBound'),
  customFieldUnbound: defineDomainEvent<WorkChange>('work', 'customFieldUnbound'),
} as const;

/** Every work topic: what a consumer of all of work's events (the timeline) subscribes to. */
export const allWorkTopics = Object.values(workTopics);

/**
 * Snapshots: work's current state of one board / task, recorded when governance asks for them
 * (`governance.projectionSnapshotRequested`, e.g. once after a new projection column) so a projection
 * built from events learns what changed before it existed. Not changes: they are kept out of
 * `allWorkTopics` (no timeline entry, no board stream). `occurredAt` is when work read the state.
 */
export interface BoardSnapshot {
  boardId: string;
  boardGroupId: string | null;
  leadAgentId: string | null;
}

export interface TaskSnapshot {
  boardId: string;
  taskId: string;
  status: TaskStatus;
  assigneeAgentId: string | null;
}

export const workSnapshotTopics = {
  boardSnapshot: defineDomainEvent<BoardSnapshot>('work', 'boardSnapshot'),
  taskSnapshot: defineDomainEvent<TaskSnapshot>('work', 'taskSnapshot'),
} as const;
