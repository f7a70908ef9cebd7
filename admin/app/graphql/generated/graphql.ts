/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
export type ActivityFilter = {
  actorId?: string | number | null | undefined;
  actorKind?: ActorKind | null | undefined;
  boardId?: string | number | null | undefined;
  /** Inclusive */
  since?: string | null | undefined;
  taskId?: string | number | null | undefined;
  /** Event types, e.g. `work.taskMoved` */
  types?: Array<string> | null | undefined;
  /** Exclusive */
  until?: string | null | undefined;
};

export type ActivityStreamFilter = {
  /** Only entries of this board */
  boardId?: string | number | null | undefined;
  /** Only these event types, e.g. `work.taskMoved` */
  types?: Array<string> | null | undefined;
};

export type ActorKind =
  | 'AGENT'
  | 'GATEWAY'
  | 'H5'
  | 'SYSTEM'
  | 'USER';

export type AgentCapabilityInput = {
  name: string;
  proficiency: Proficiency;
};

export type AgentKind =
  /** The gateway’s own agent (one per gateway, no board) */
  | 'GATEWAY_MAIN'
  /** Leads a board (one per board) */
  | 'LEAD'
  /** Works tasks */
  | 'WORKER';

export type AgentStatus =
  /** Being removed from its gateway */
  | 'DELETING'
  /** The gateway refused or failed the provisioning; see lastError */
  | 'ERROR'
  /** Did not check in after its wakes; see lastError */
  | 'OFFLINE'
  /** Checked in */
  | 'ONLINE'
  /** Being created or updated on its gateway; ends ONLINE, OFFLINE or ERROR by a deadline */
  | 'PROVISIONING';

export type ApprovalFilter = {
  boardId?: string | number | null | undefined;
  status?: ApprovalStatus | null | undefined;
  /** Only approvals covering this task */
  taskId?: string | number | null | undefined;
};

export type ApprovalStatus =
  | 'APPROVED'
  /** Its tasks or its board were deleted before a decision */
  | 'CANCELLED'
  /** Waiting for a decision */
  | 'PENDING'
  | 'REJECTED';

export type AssignChatAgentInput = {
  /** An agent of your organization */
  agentId: string | number;
  /** An H5 user of your organization */
  h5UserId: string | number;
};

export type BoardEventType =
  /** The last event of the stream */
  | 'BOARD_DELETED'
  | 'BOARD_UPDATED'
  | 'DEPENDENCIES_CHANGED'
  | 'TAGS_CHANGED'
  | 'TASK_COMMENTED'
  | 'TASK_CREATED'
  | 'TASK_DELETED'
  /** Status changed (before/after: status, and the assignee when handed off) */
  | 'TASK_MOVED'
  /** Fields, assignment or custom-field values changed */
  | 'TASK_UPDATED';

export type BoardGrantInput = {
  boardId: string | number;
  permission: BoardPermission;
};

export type BoardKind =
  /** An ongoing stream of work */
  | 'GENERAL'
  /** Works toward an objective with success metrics */
  | 'GOAL';

export type BoardPermission =
  /** May read the board */
  | 'READ'
  /** May read and change the board */
  | 'WRITE';

export type CallerKind =
  | 'AGENT'
  | 'ANONYMOUS'
  | 'GATEWAY'
  | 'H5'
  | 'SYSTEM'
  | 'USER';

export type ChatEventType =
  /** A stored message (has a sequence) */
  | 'MESSAGE_CREATED'
  /** A stored message changed status, e.g. PENDING → SENT or FAILED (has a sequence) */
  | 'MESSAGE_UPDATED'
  /** The agent went online or offline; also sent first on every subscription (live only) */
  | 'PRESENCE'
  /** Part of an agent reply being streamed (live only; the final reply follows as a message) */
  | 'REPLY_DELTA'
  /** The other side is typing or stopped (live only) */
  | 'TYPING';

export type ChatMessageAuthor =
  | 'AGENT'
  | 'H5_USER';

export type ChatMessageStatus =
  /** Could not be delivered; `error` says why */
  | 'FAILED'
  /** Stored; waiting for the agent to come back (delivered then, or FAILED after a timeout) */
  | 'PENDING'
  /** Stored and relayed to the agent (or, for an agent’s message, delivered) */
  | 'SENT';

export type CreateAgentInput = {
  /** A board of the organization with room (maxAgents) */
  boardId?: string | number | null | undefined;
  gatewayId: string | number;
  /** Default WORKER */
  kind?: AgentKind | null | undefined;
  /** Unique on its gateway, at most 120 characters */
  name: string;
};

export type CreateApprovalInput = {
  /** What is to be approved, e.g. `task.done` (at most 100 characters) */
  actionType: string;
  boardId: string | number;
  /** The requester’s confidence, 0–100 */
  confidence: number;
  payload?: unknown;
  /** Why; required */
  reasoning: string;
  rubricScores?: Array<RubricScoreInput> | null | undefined;
  /** One or more tasks of the board; none may have a pending approval */
  taskIds: Array<string | number>;
};

export type CreateBoardGroupInput = {
  description?: string | null | undefined;
  name: string;
  /** Defaults to a slug of the name; unique per organization */
  slug?: string | null | undefined;
};

export type CreateBoardInput = {
  /** No status changes while an approval is pending (default false) */
  blockStatusChangesWithPendingApproval?: boolean | null | undefined;
  /** Moving to review needs a comment (default false) */
  commentRequiredForReview?: boolean | null | undefined;
  description: string;
  goalConfirmed?: boolean | null | undefined;
  groupId?: string | number | null | undefined;
  /** Default GENERAL */
  kind?: BoardKind | null | undefined;
  /** At least 0 (default 1) */
  maxAgents?: number | null | undefined;
  name: string;
  objective?: string | null | undefined;
  /** Only the lead agent changes status (default false) */
  onlyLeadChangesStatus?: boolean | null | undefined;
  /** Moving a task to done needs an approval (default true) */
  requireApprovalForDone?: boolean | null | undefined;
  /** Tasks must pass review before done (default false) */
  requireReviewBeforeDone?: boolean | null | undefined;
  /** Defaults to a slug of the name; unique per organization */
  slug?: string | null | undefined;
  successMetrics?: string | null | undefined;
};

export type CreateCustomFieldInput = {
  /** Checked like a value */
  defaultValue?: unknown;
  /** Lowercase letters, digits, - and _, starting with a letter; unique; immutable */
  key: string;
  label: string;
  /** TEXT/LONG_TEXT only; at most 200 characters */
  pattern?: string | null | undefined;
  required?: boolean | null | undefined;
  type: CustomFieldType;
  /** Default VISIBLE */
  visibility?: CustomFieldVisibility | null | undefined;
};

export type CreateGatewayInput = {
  /** Accept a self-signed certificate (wss only) */
  allowSelfSignedTls?: boolean | null | undefined;
  /** Unique in the organization, at most 120 characters */
  name: string;
  /** Default DEVICE */
  pairingMode?: GatewayPairingMode | null | undefined;
  /** The gateway access token; stored encrypted, never returned */
  token?: string | null | undefined;
  /** ws:// or wss:// with an explicit port, e.g. ws://10.0.0.5:18789 */
  url: string;
  /** Absolute path (or ~/…) of agent workspaces on the gateway */
  workspaceRoot: string;
};

export type CreateGatewayRegistrationTokenInput = {
  /** 60 s to 7 days (default 1 hour) */
  expiresInSeconds?: number | null | undefined;
  /** Re-register this gateway (rotates its credential) */
  gatewayId?: string | number | null | undefined;
};

export type CreateInviteInput = {
  allBoardsRead?: boolean | null | undefined;
  allBoardsWrite?: boolean | null | undefined;
  boards?: Array<BoardGrantInput> | null | undefined;
  email: string;
  organizationId: string | number;
  role: OrgRole;
};

export type CreateOrganizationInput = {
  name: string;
  /** Defaults to a slug of the name */
  slug?: string | null | undefined;
};

export type CreateTagInput = {
  /** #rrggbb */
  color: string;
  name: string;
  /** Defaults to a slug of the name; unique per organization */
  slug?: string | null | undefined;
};

export type CreateTaskInput = {
  assigneeAgentId?: string | number | null | undefined;
  boardId: string | number;
  /** Values of custom fields bound to the board; required ones must be given (or have a default) */
  customFields?: Array<CustomFieldValueInput> | null | undefined;
  description?: string | null | undefined;
  dueAt?: string | null | undefined;
  /** Default MEDIUM */
  priority?: TaskPriority | null | undefined;
  /** At most 300 characters */
  title: string;
};

export type CreateTeamInput = {
  description?: string | null | undefined;
  name: string;
};

/** How a value is given (as JSON) and checked */
export type CustomFieldType =
  | 'BOOLEAN'
  /** A calendar date, "2026-01-31" */
  | 'DATE'
  /** An ISO 8601 date-time with an offset; stored in UTC */
  | 'DATE_TIME'
  /** A finite number */
  | 'DECIMAL'
  /** A whole number within ±2^53 */
  | 'INTEGER'
  /** Any JSON value of at most 16 KiB */
  | 'JSON'
  /** A string of at most 20,000 characters (pattern applies) */
  | 'LONG_TEXT'
  /** A string of at most 1,000 characters (pattern applies) */
  | 'TEXT'
  /** An http(s) URL of at most 2,048 characters */
  | 'URL';

export type CustomFieldValueInput = {
  /** The field's key */
  key: string;
  /** A JSON value of the field type; null (or absent) clears the value */
  value?: unknown;
};

/** Who sees the values in Task.customFields (setting them is not affected) */
export type CustomFieldVisibility =
  /** Admins and owners of the organization only (not agents) */
  | 'ADMIN_ONLY'
  /** Nobody: the values are kept but not shown (e.g. a retired field) */
  | 'HIDDEN'
  /** Everyone who can read the task */
  | 'VISIBLE';

export type GatewayLinkState =
  /** Handshake done; calls flow */
  | 'CONNECTED'
  /** Connecting, or reconnecting after a drop (see lastError) */
  | 'CONNECTING'
  /** The last attempt failed (see lastError) */
  | 'DISCONNECTED';

export type GatewayPairingMode =
  /** Connect as the control UI (pairing disabled on the gateway) */
  | 'CONTROL_UI'
  /** Connect with a signed Ed25519 device identity (paired once on the gateway) */
  | 'DEVICE';

export type GatewayStatus =
  /** Reachable but failing; see lastError */
  | 'ERROR'
  /** Silent for longer than the offline limit */
  | 'OFFLINE'
  /** Heartbeats arrive */
  | 'ONLINE'
  /** Created or registered, not heard from yet */
  | 'PENDING';

export type ImportAgentInput = {
  boardId?: string | number | null | undefined;
  gatewayId: string | number;
  kind?: AgentKind | null | undefined;
  /** Default: the name the gateway has for it */
  name?: string | null | undefined;
  /** The agent’s id on the gateway (OpenClaw: 1–64 of a-z, 0-9, _ and -) */
  remoteAgentId: string;
};

export type MetricsWindow =
  /** 24 hours */
  | 'DAY'
  /** 30 days */
  | 'MONTH'
  /** 7 days */
  | 'WEEK';

/** OWNER: everything, including owners and deletion; ADMIN: members, invites, access; MEMBER: use */
export type OrgRole =
  | 'ADMIN'
  | 'MEMBER'
  | 'OWNER';

export type Proficiency =
  /** Weight 3 */
  | 'EXPERT'
  /** Weight 1 in capability search */
  | 'NOVICE'
  /** Weight 2 */
  | 'STANDARD';

export type RubricScoreInput = {
  criterion: string;
  /** 0–100 */
  score: number;
};

export type SetMemberBoardAccessInput = {
  allBoardsRead?: boolean | null | undefined;
  allBoardsWrite?: boolean | null | undefined;
  /** Replaces all of the member's per-board grants when given */
  boards?: Array<BoardGrantInput> | null | undefined;
  memberId: string | number;
};

export type TaskPriority =
  | 'HIGH'
  | 'LOW'
  | 'MEDIUM'
  | 'URGENT';

export type TaskStatus =
  | 'DONE'
  /** Not started; a blocked task cannot leave it */
  | 'INBOX'
  | 'IN_PROGRESS'
  | 'REVIEW';

export type TeamRole =
  | 'LEADER'
  | 'MEMBER'
  | 'REVIEWER'
  | 'SPECIALIST';

export type UpdateAgentInput = {
  /** Absent: keep; null: off its board */
  boardId?: string | number | null | undefined;
  kind?: AgentKind | null | undefined;
  name?: string | null | undefined;
};

export type UpdateBoardGroupInput = {
  /** null clears it */
  description?: string | null | undefined;
  name?: string | null | undefined;
  slug?: string | null | undefined;
};

export type UpdateBoardInput = {
  /** No status changes while an approval is pending (default false) */
  blockStatusChangesWithPendingApproval?: boolean | null | undefined;
  /** Moving to review needs a comment (default false) */
  commentRequiredForReview?: boolean | null | undefined;
  description?: string | null | undefined;
  goalConfirmed?: boolean | null | undefined;
  /** null removes the board from its group */
  groupId?: string | number | null | undefined;
  kind?: BoardKind | null | undefined;
  /** The lead agent of the board (one at most); null removes it */
  leadAgentId?: string | number | null | undefined;
  /** At least 0 (default 1) */
  maxAgents?: number | null | undefined;
  name?: string | null | undefined;
  /** null clears it */
  objective?: string | null | undefined;
  /** Only the lead agent changes status (default false) */
  onlyLeadChangesStatus?: boolean | null | undefined;
  /** Moving a task to done needs an approval (default true) */
  requireApprovalForDone?: boolean | null | undefined;
  /** Tasks must pass review before done (default false) */
  requireReviewBeforeDone?: boolean | null | undefined;
  slug?: string | null | undefined;
  /** null clears it */
  successMetrics?: string | null | undefined;
};

export type UpdateGatewayInput = {
  allowSelfSignedTls?: boolean | null | undefined;
  name?: string | null | undefined;
  pairingMode?: GatewayPairingMode | null | undefined;
  /** Absent: keep; null: remove; a value: replace */
  token?: string | null | undefined;
  url?: string | null | undefined;
  workspaceRoot?: string | null | undefined;
};

export type UpdateMemberRoleInput = {
  memberId: string | number;
  role: OrgRole;
};

export type UpdateTagInput = {
  color?: string | null | undefined;
  name?: string | null | undefined;
  slug?: string | null | undefined;
};

export type ConsoleChatAssignmentsQueryVariables = Exact<{
  after?: string | null | undefined;
}>;


export type ConsoleChatAssignmentsQuery = { chatAssignments: { nodes: Array<{ id: string, agentId: string, h5UserId: string, agent: { name: string, online: boolean } | null }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type ConsoleAssignChatAgentMutationVariables = Exact<{
  input: AssignChatAgentInput;
}>;


export type ConsoleAssignChatAgentMutation = { assignChatAgent:
    | { __typename: 'ChatAssignment', id: string }
    | { __typename: 'DomainError', code: string, message: string, field: string | null, ids: Array<string> }
   };

export type ConsoleUnassignChatAgentMutationVariables = Exact<{
  id: string | number;
}>;


export type ConsoleUnassignChatAgentMutation = { unassignChatAgent:
    | { __typename: 'ChatAssignment', id: string }
    | { __typename: 'DomainError', code: string, message: string, field: string | null, ids: Array<string> }
   };

export type ConsoleChatMessagesQueryVariables = Exact<{
  sessionId: string | number;
  after?: string | null | undefined;
}>;


export type ConsoleChatMessagesQuery = { chatSession: { id: string, lastSequence: number, messages: { nodes: Array<{ id: string, sequence: number, author: ChatMessageAuthor, text: string, status: ChatMessageStatus, error: string | null, createdAt: string }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } } };

export type ConsoleChatEventsSubscriptionVariables = Exact<{
  sessionId: string | number;
  after?: number | null | undefined;
}>;


export type ConsoleChatEventsSubscription = { chatEvents: { type: ChatEventType, sequence: number | null } };

export type ConsoleMintRegistrationTokenMutationVariables = Exact<{
  input?: CreateGatewayRegistrationTokenInput | null | undefined;
}>;


export type ConsoleMintRegistrationTokenMutation = { createGatewayRegistrationToken:
    | { __typename: 'DomainError', code: string, message: string, field: string | null, ids: Array<string> }
    | { __typename: 'GatewayRegistrationToken', token: string, expiresAt: string }
   };

export type ConsoleApproveMutationVariables = Exact<{
  id: string | number;
  note?: string | null | undefined;
}>;


export type ConsoleApproveMutation = { approveApproval:
    | { __typename: 'Approval', id: string, status: ApprovalStatus }
    | { __typename: 'DomainError', code: string, message: string, field: string | null, ids: Array<string> }
   };

export type ConsoleRejectMutationVariables = Exact<{
  id: string | number;
  reason: string;
}>;


export type ConsoleRejectMutation = { rejectApproval:
    | { __typename: 'Approval', id: string, status: ApprovalStatus }
    | { __typename: 'DomainError', code: string, message: string, field: string | null, ids: Array<string> }
   };

export type ConsoleCreateOrganizationMutationVariables = Exact<{
  input: CreateOrganizationInput;
}>;


export type ConsoleCreateOrganizationMutation = { createOrganization:
    | { __typename: 'DomainError', code: string, message: string, field: string | null, ids: Array<string> }
    | { __typename: 'Organization', id: string, name: string }
   };

export type ConsoleUpdateBoardGroupMutationVariables = Exact<{
  id: string | number;
  input: UpdateBoardGroupInput;
}>;


export type ConsoleUpdateBoardGroupMutation = { updateBoardGroup:
    | { __typename: 'BoardGroup', id: string, name: string }
    | { __typename: 'DomainError', code: string, message: string, field: string | null, ids: Array<string> }
   };

export type ConsoleDeleteBoardGroupMutationVariables = Exact<{
  id: string | number;
}>;


export type ConsoleDeleteBoardGroupMutation = { deleteBoardGroup:
    | { __typename: 'DeleteBoardGroupPayload', deletedBoardGroupId: string }
    | { __typename: 'DomainError', code: string, message: string, field: string | null, ids: Array<string> }
   };

export type ConsoleUpdateBoardMutationVariables = Exact<{
  id: string | number;
  input: UpdateBoardInput;
}>;


export type ConsoleUpdateBoardMutation = { updateBoard:
    | { __typename: 'Board', id: string }
    | { __typename: 'DomainError', code: string, message: string, field: string | null, ids: Array<string> }
   };

export type ConsoleDeleteBoardMutationVariables = Exact<{
  id: string | number;
}>;


export type ConsoleDeleteBoardMutation = { deleteBoard:
    | { __typename: 'DeleteBoardPayload', deletedBoardId: string }
    | { __typename: 'DomainError', code: string, message: string, field: string | null, ids: Array<string> }
   };

export type ConsoleCreateBoardMutationVariables = Exact<{
  input: CreateBoardInput;
}>;


export type ConsoleCreateBoardMutation = { createBoard:
    | { __typename: 'Board', id: string }
    | { __typename: 'DomainError', code: string, message: string, field: string | null, ids: Array<string> }
   };

export type ConsoleCreateBoardGroupMutationVariables = Exact<{
  input: CreateBoardGroupInput;
}>;


export type ConsoleCreateBoardGroupMutation = { createBoardGroup:
    | { __typename: 'BoardGroup', id: string }
    | { __typename: 'DomainError', code: string, message: string, field: string | null, ids: Array<string> }
   };

export type ConsoleCreateTaskMutationVariables = Exact<{
  input: CreateTaskInput;
}>;


export type ConsoleCreateTaskMutation = { createTask:
    | { __typename: 'DomainError', code: string, message: string, field: string | null, ids: Array<string> }
    | { __typename: 'Task', id: string, title: string, status: TaskStatus }
   };

export type ConsoleCreateTagMutationVariables = Exact<{
  input: CreateTagInput;
}>;


export type ConsoleCreateTagMutation = { createTag:
    | { __typename: 'DomainError', code: string, message: string, field: string | null, ids: Array<string> }
    | { __typename: 'Tag', id: string }
   };

export type ConsoleUpdateTagMutationVariables = Exact<{
  id: string | number;
  input: UpdateTagInput;
}>;


export type ConsoleUpdateTagMutation = { updateTag:
    | { __typename: 'DomainError', code: string, message: string, field: string | null, ids: Array<string> }
    | { __typename: 'Tag', id: string }
   };

export type ConsoleDeleteTagMutationVariables = Exact<{
  id: string | number;
}>;


export type ConsoleDeleteTagMutation = { deleteTag:
    | { __typename: 'DeleteTagPayload', deletedTagId: string }
    | { __typename: 'DomainError', code: string, message: string, field: string | null, ids: Array<string> }
   };

export type ConsoleDeleteAgentMutationVariables = Exact<{
  id: string | number;
}>;


export type ConsoleDeleteAgentMutation = { deleteAgent:
    | { __typename: 'DeleteAgentPayload', deletedAgentId: string }
    | { __typename: 'DomainError', code: string, message: string, field: string | null, ids: Array<string> }
   };

export type ConsoleRotateAgentTokenMutationVariables = Exact<{
  agentId: string | number;
}>;


export type ConsoleRotateAgentTokenMutation = { rotateAgentToken:
    | { __typename: 'AgentToken', token: string, agent: { name: string } }
    | { __typename: 'DomainError', code: string, message: string, field: string | null, ids: Array<string> }
   };

export type ConsoleUpdateAgentMutationVariables = Exact<{
  id: string | number;
  input: UpdateAgentInput;
}>;


export type ConsoleUpdateAgentMutation = { updateAgent:
    | { __typename: 'Agent', id: string }
    | { __typename: 'DomainError', code: string, message: string, field: string | null, ids: Array<string> }
   };

export type ConsoleBoardEventsSubscriptionVariables = Exact<{
  boardId: string | number;
  after?: number | null | undefined;
}>;


export type ConsoleBoardEventsSubscription = { boardEvents: { sequence: number, type: BoardEventType, taskId: string | null } };

export type ConsoleActivityEventsSubscriptionVariables = Exact<{
  filter?: ActivityStreamFilter | null | undefined;
  after?: number | null | undefined;
}>;


export type ConsoleActivityEventsSubscription = { activityEvents: { id: string, sequence: number | null, type: string } };

export type ConsolePickGatewaysQueryVariables = Exact<{
  after?: string | null | undefined;
}>;


export type ConsolePickGatewaysQuery = { gateways: { nodes: Array<{ id: string, name: string }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type ConsolePickBoardsQueryVariables = Exact<{
  after?: string | null | undefined;
}>;


export type ConsolePickBoardsQuery = { boards: { nodes: Array<{ id: string, name: string }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type ConsolePickAgentsQueryVariables = Exact<{
  after?: string | null | undefined;
}>;


export type ConsolePickAgentsQuery = { agents: { nodes: Array<{ id: string, name: string }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type ConsoleViewerQueryVariables = Exact<{ [key: string]: never; }>;


export type ConsoleViewerQuery = { whoami: { kind: CallerKind, userId: string | null }, me: { id: string, displayName: string, email: string | null, memberships: Array<{ id: string, role: OrgRole, organization: { id: string, name: string, slug: string } }> } };

export type ChatSessionRowFieldsFragment = { id: string, agentId: string, h5UserId: string, lastSequence: number, lastMessageAt: string | null, createdAt: string, agent: { name: string } | null, h5User: { displayName: string } | null, lastMessage: { text: string, author: ChatMessageAuthor } | null };

export type DomainErrorFieldsFragment = { code: string, message: string, field: string | null, ids: Array<string> };

export type ConsoleActivityQueryVariables = Exact<{
  filter?: ActivityFilter | null | undefined;
  after?: string | null | undefined;
}>;


export type ConsoleActivityQuery = { activitySequence: number, activity: { nodes: Array<{ id: string, type: string, occurredAt: string, actor: { kind: ActorKind, id: string }, board: { id: string, name: string } | null, task: { id: string, title: string } | null }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type ConsoleAgentQueryVariables = Exact<{
  id: string | number;
  activity?: ActivityFilter | null | undefined;
}>;


export type ConsoleAgentQuery = { agent: { id: string, name: string, kind: AgentKind, remoteAgentId: string, status: AgentStatus, lastError: string | null, wakeAttempts: number, provisionDeadlineAt: string | null, checkedInAt: string | null, createdAt: string, gateway: { id: string, name: string, status: GatewayStatus }, board: { id: string, name: string } | null, teams: Array<{ role: TeamRole, team: { id: string, name: string } }>, capabilities: Array<{ name: string, proficiency: Proficiency }> }, activity: { nodes: Array<{ id: string, type: string, occurredAt: string, actor: { kind: ActorKind, id: string }, board: { id: string, name: string } | null, task: { id: string, title: string } | null }> } };

export type ConsoleAgentPageStatusSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type ConsoleAgentPageStatusSubscription = { agentStatusChanged: { agentId: string, status: AgentStatus, lastError: string | null, deleted: boolean } };

export type ConsoleAgentsQueryVariables = Exact<{
  after?: string | null | undefined;
}>;


export type ConsoleAgentsQuery = { agents: { nodes: Array<{ id: string, name: string, kind: AgentKind, status: AgentStatus, lastError: string | null, wakeAttempts: number, checkedInAt: string | null, gateway: { id: string, name: string }, board: { id: string, name: string } | null }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type ConsoleAgentStatusSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type ConsoleAgentStatusSubscription = { agentStatusChanged: { agentId: string, status: AgentStatus, lastError: string | null, deleted: boolean } };

export type ConsoleCreateAgentMutationVariables = Exact<{
  input: CreateAgentInput;
}>;


export type ConsoleCreateAgentMutation = { createAgent:
    | { __typename: 'Agent', id: string }
    | { __typename: 'DomainError', code: string, message: string, field: string | null, ids: Array<string> }
   };

export type ConsoleImportAgentMutationVariables = Exact<{
  input: ImportAgentInput;
}>;


export type ConsoleImportAgentMutation = { importAgent:
    | { __typename: 'Agent', id: string }
    | { __typename: 'DomainError', code: string, message: string, field: string | null, ids: Array<string> }
   };

export type ConsoleApprovalsQueryVariables = Exact<{
  filter?: ApprovalFilter | null | undefined;
  after?: string | null | undefined;
}>;


export type ConsoleApprovalsQuery = { activitySequence: number, approvals: { nodes: Array<{ id: string, status: ApprovalStatus, actionType: string, confidence: number, reasoning: string, resolutionNote: string | null, createdAt: string, requestedBy: { kind: ActorKind }, board: { id: string, name: string }, tasks: Array<{ id: string, title: string }> }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type ConsoleBoardQueryVariables = Exact<{
  id: string | number;
}>;


export type ConsoleBoardQuery = { board: { id: string, name: string, description: string, requireApprovalForDone: boolean, requireReviewBeforeDone: boolean, commentRequiredForReview: boolean, blockStatusChangesWithPendingApproval: boolean, pendingApprovalCount: number, sequence: number, group: { id: string, name: string } | null, taskCounts: { total: number } }, tags: Array<{ id: string, name: string, color: string }>, boardGroups: Array<{ id: string, name: string }> };

export type ConsoleBoardTasksQueryVariables = Exact<{
  id: string | number;
  after?: string | null | undefined;
}>;


export type ConsoleBoardTasksQuery = { board: { id: string, tasks: { nodes: Array<{ id: string, title: string, status: TaskStatus, priority: TaskPriority, version: number, blocked: boolean, tags: Array<{ id: string }> }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } } };

export type ConsoleMoveTaskMutationVariables = Exact<{
  id: string | number;
  status: TaskStatus;
  expectedVersion?: number | null | undefined;
  comment?: string | null | undefined;
}>;


export type ConsoleMoveTaskMutation = { moveTask:
    | { __typename: 'DomainError', code: string, message: string, field: string | null, ids: Array<string> }
    | { __typename: 'Task', id: string, status: TaskStatus, version: number }
    | { __typename: 'TaskConflict', code: string, message: string, current: { id: string, status: TaskStatus, version: number } }
   };

export type ConsoleRequestApprovalMutationVariables = Exact<{
  input: CreateApprovalInput;
}>;


export type ConsoleRequestApprovalMutation = { createApproval:
    | { __typename: 'Approval', id: string, status: ApprovalStatus }
    | { __typename: 'DomainError', code: string, message: string, field: string | null, ids: Array<string> }
   };

export type ConsoleBoardGroupsQueryVariables = Exact<{ [key: string]: never; }>;


export type ConsoleBoardGroupsQuery = { activitySequence: number, boardGroups: Array<{ id: string, name: string, description: string | null }> };

export type ConsoleBoardsOverviewQueryVariables = Exact<{
  after?: string | null | undefined;
}>;


export type ConsoleBoardsOverviewQuery = { boards: { nodes: Array<{ id: string, name: string, description: string, kind: BoardKind, pendingApprovalCount: number, group: { id: string } | null, taskCounts: { inbox: number, inProgress: number, review: number, done: number, total: number } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type ConsoleCatalogQueryVariables = Exact<{ [key: string]: never; }>;


export type ConsoleCatalogQuery = { activitySequence: number, tags: Array<{ id: string, name: string, slug: string, color: string }>, customFields: Array<{ id: string, key: string, label: string, type: CustomFieldType, required: boolean, visibility: CustomFieldVisibility }> };

export type ConsoleCatalogBoardsQueryVariables = Exact<{
  after?: string | null | undefined;
}>;


export type ConsoleCatalogBoardsQuery = { boards: { nodes: Array<{ id: string, name: string, customFields: Array<{ id: string }> }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type ConsoleCreateFieldMutationVariables = Exact<{
  input: CreateCustomFieldInput;
}>;


export type ConsoleCreateFieldMutation = { createCustomField:
    | { __typename: 'CustomField', id: string }
    | { __typename: 'DomainError', code: string, message: string, field: string | null, ids: Array<string> }
   };

export type ConsoleBindFieldMutationVariables = Exact<{
  fieldId: string | number;
  boardId: string | number;
}>;


export type ConsoleBindFieldMutation = { bindCustomField:
    | { __typename: 'CustomField', id: string }
    | { __typename: 'DomainError', code: string, message: string, field: string | null, ids: Array<string> }
   };

export type ConsoleUnbindFieldMutationVariables = Exact<{
  fieldId: string | number;
  boardId: string | number;
}>;


export type ConsoleUnbindFieldMutation = { unbindCustomField:
    | { __typename: 'CustomField', id: string }
    | { __typename: 'DomainError', code: string, message: string, field: string | null, ids: Array<string> }
   };

export type ConsoleGatewayQueryVariables = Exact<{
  id: string | number;
  windowSeconds?: number | null | undefined;
}>;


export type ConsoleGatewayQuery = { gateway: { id: string, name: string, url: string | null, hasToken: boolean, workspaceRoot: string, allowSelfSignedTls: boolean, pairingMode: GatewayPairingMode, status: GatewayStatus, statusChangedAt: string | null, lastSeenAt: string | null, lastError: string | null, version: string | null, registered: boolean, registeredAt: string | null, connection: { state: GatewayLinkState, since: string, lastError: string | null, serverVersion: string | null } | null, metrics: Array<{ at: string, activeSessions: number, memoryBytes: number, cpuPercent: number, agentCount: number }>, agents: Array<{ id: string, name: string, kind: AgentKind, status: AgentStatus }> } };

export type ConsoleGatewayHealthSubscriptionVariables = Exact<{
  gatewayId: string | number;
}>;


export type ConsoleGatewayHealthSubscription = { gatewayHealth: { status: GatewayStatus, previousStatus: GatewayStatus | null, lastSeenAt: string | null, changedAt: string, reason: string | null, deleted: boolean } };

export type ConsoleUpdateGatewayMutationVariables = Exact<{
  id: string | number;
  input: UpdateGatewayInput;
}>;


export type ConsoleUpdateGatewayMutation = { updateGateway:
    | { __typename: 'DomainError', code: string, message: string, field: string | null, ids: Array<string> }
    | { __typename: 'Gateway', id: string }
   };

export type ConsoleDeleteGatewayMutationVariables = Exact<{
  id: string | number;
}>;


export type ConsoleDeleteGatewayMutation = { deleteGateway:
    | { __typename: 'DeleteGatewayPayload', deletedGatewayId: string }
    | { __typename: 'DomainError', code: string, message: string, field: string | null, ids: Array<string> }
   };

export type ConsoleDeregisterGatewayMutationVariables = Exact<{
  id: string | number;
}>;


export type ConsoleDeregisterGatewayMutation = { deregisterGateway:
    | { __typename: 'DomainError', code: string, message: string, field: string | null, ids: Array<string> }
    | { __typename: 'Gateway', id: string }
   };

export type ConsoleGatewaysQueryVariables = Exact<{
  after?: string | null | undefined;
}>;


export type ConsoleGatewaysQuery = { gateways: { nodes: Array<{ id: string, name: string, url: string | null, status: GatewayStatus, lastSeenAt: string | null, version: string | null, registered: boolean }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type ConsoleGatewayStatusChangedSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type ConsoleGatewayStatusChangedSubscription = { gatewayStatusChanged: { gatewayId: string, status: GatewayStatus, deleted: boolean } };

export type ConsoleCreateGatewayMutationVariables = Exact<{
  input: CreateGatewayInput;
}>;


export type ConsoleCreateGatewayMutation = { createGateway:
    | { __typename: 'DomainError', code: string, message: string, field: string | null, ids: Array<string> }
    | { __typename: 'Gateway', id: string }
   };

export type ConsoleMetricScopesQueryVariables = Exact<{ [key: string]: never; }>;


export type ConsoleMetricScopesQuery = { boardGroups: Array<{ id: string, name: string }> };

export type ConsoleBoardMetricsQueryVariables = Exact<{
  boardId: string | number;
  window: MetricsWindow;
  buckets?: number | null | undefined;
}>;


export type ConsoleBoardMetricsQuery = { boardMetrics: { window: MetricsWindow, buckets: Array<{ start: string, end: string, throughput: number, meanCycleTimeSeconds: number | null, wip: number }>, current: { throughput: number, meanCycleTimeSeconds: number | null, wip: number }, previous: { throughput: number, meanCycleTimeSeconds: number | null, wip: number } } };

export type ConsoleGroupMetricsQueryVariables = Exact<{
  groupId: string | number;
  window: MetricsWindow;
  buckets?: number | null | undefined;
}>;


export type ConsoleGroupMetricsQuery = { groupMetrics: { window: MetricsWindow, buckets: Array<{ start: string, end: string, throughput: number, meanCycleTimeSeconds: number | null, wip: number }>, current: { throughput: number, meanCycleTimeSeconds: number | null, wip: number }, previous: { throughput: number, meanCycleTimeSeconds: number | null, wip: number } } };

export type ConsoleFlowFragment = { window: MetricsWindow, buckets: Array<{ start: string, end: string, throughput: number, meanCycleTimeSeconds: number | null, wip: number }>, current: { throughput: number, meanCycleTimeSeconds: number | null, wip: number }, previous: { throughput: number, meanCycleTimeSeconds: number | null, wip: number } };

export type ConsoleOrganizationQueryVariables = Exact<{
  organizationId: string | number;
}>;


export type ConsoleOrganizationQuery = { organization: { id: string, name: string, slug: string }, members: Array<{ id: string, role: OrgRole, allBoardsRead: boolean, allBoardsWrite: boolean, user: { id: string, displayName: string, email: string | null }, boardGrants: Array<{ boardId: string, permission: BoardPermission, board: { name: string } }> }> };

export type ConsoleOrganizationAdminQueryVariables = Exact<{
  organizationId: string | number;
}>;


export type ConsoleOrganizationAdminQuery = { invites: Array<{ id: string, email: string, role: OrgRole, expiresAt: string }> };

export type ConsoleOrganizationH5UsersQueryVariables = Exact<{
  organizationId: string | number;
  after?: string | null | undefined;
}>;


export type ConsoleOrganizationH5UsersQuery = { h5Users: { nodes: Array<{ id: string, email: string, displayName: string, suspended: boolean }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type ConsoleUpdateRoleMutationVariables = Exact<{
  input: UpdateMemberRoleInput;
}>;


export type ConsoleUpdateRoleMutation = { updateMemberRole:
    | { __typename: 'DomainError', code: string, message: string, field: string | null, ids: Array<string> }
    | { __typename: 'Member', id: string, role: OrgRole }
   };

export type ConsoleSetAccessMutationVariables = Exact<{
  input: SetMemberBoardAccessInput;
}>;


export type ConsoleSetAccessMutation = { setMemberBoardAccess:
    | { __typename: 'DomainError', code: string, message: string, field: string | null, ids: Array<string> }
    | { __typename: 'Member', id: string }
   };

export type ConsoleRemoveMemberMutationVariables = Exact<{
  memberId: string | number;
}>;


export type ConsoleRemoveMemberMutation = { removeMember:
    | { __typename: 'DeletedRecord', id: string }
    | { __typename: 'DomainError', code: string, message: string, field: string | null, ids: Array<string> }
   };

export type ConsoleInviteMutationVariables = Exact<{
  input: CreateInviteInput;
}>;


export type ConsoleInviteMutation = { createInvite:
    | { __typename: 'CreatedInvite', token: string, invite: { id: string } }
    | { __typename: 'DomainError', code: string, message: string, field: string | null, ids: Array<string> }
   };

export type ConsoleRevokeInviteMutationVariables = Exact<{
  id: string | number;
}>;


export type ConsoleRevokeInviteMutation = { revokeInvite:
    | { __typename: 'DomainError', code: string, message: string, field: string | null, ids: Array<string> }
    | { __typename: 'Invite', id: string }
   };

export type ConsoleSuspendH5MutationVariables = Exact<{
  id: string | number;
}>;


export type ConsoleSuspendH5Mutation = { suspendH5User:
    | { __typename: 'DomainError', code: string, message: string, field: string | null, ids: Array<string> }
    | { __typename: 'H5User', id: string, suspended: boolean }
   };

export type ConsoleReactivateH5MutationVariables = Exact<{
  id: string | number;
}>;


export type ConsoleReactivateH5Mutation = { reactivateH5User:
    | { __typename: 'DomainError', code: string, message: string, field: string | null, ids: Array<string> }
    | { __typename: 'H5User', id: string, suspended: boolean }
   };

export type ConsoleChatSessionsQueryVariables = Exact<{
  agentId?: string | number | null | undefined;
  after?: string | null | undefined;
}>;


export type ConsoleChatSessionsQuery = { chatSessions: { nodes: Array<{ id: string, agentId: string, h5UserId: string, lastSequence: number, lastMessageAt: string | null, createdAt: string, agent: { name: string } | null, h5User: { displayName: string } | null, lastMessage: { text: string, author: ChatMessageAuthor } | null }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type ConsoleChatSessionUpdatedSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type ConsoleChatSessionUpdatedSubscription = { chatSessionUpdated: { id: string, agentId: string, h5UserId: string, lastSequence: number, lastMessageAt: string | null, createdAt: string, agent: { name: string } | null, h5User: { displayName: string } | null, lastMessage: { text: string, author: ChatMessageAuthor } | null } };

export type ConsoleTaskQueryVariables = Exact<{
  id: string | number;
}>;


export type ConsoleTaskQuery = { task: { id: string, title: string, description: string | null, status: TaskStatus, priority: TaskPriority, version: number, blocked: boolean, dueAt: string | null, assigneeAgentId: string | null, createdAt: string, updatedAt: string, createdBy: { kind: ActorKind, id: string }, board: { id: string, name: string, sequence: number }, dependencies: Array<{ id: string, title: string, status: TaskStatus }>, dependents: Array<{ id: string, title: string, status: TaskStatus }>, blockedBy: Array<{ id: string }>, tags: Array<{ id: string, name: string, color: string }>, customFields: Array<{ key: string, label: string, type: CustomFieldType, value: unknown }>, comments: { nodes: Array<{ id: string, body: string, mentions: Array<string>, createdAt: string, author: { kind: ActorKind, id: string } }> }, approvals: Array<{ id: string, status: ApprovalStatus, actionType: string, reasoning: string, resolutionNote: string | null, createdAt: string }> } };

export type ConsoleTaskContextQueryVariables = Exact<{
  id: string | number;
  boardId: string | number;
}>;


export type ConsoleTaskContextQuery = { board: { id: string, tasks: { nodes: Array<{ id: string, title: string }> } }, tags: Array<{ id: string, name: string, color: string }>, activity: { nodes: Array<{ id: string, type: string, occurredAt: string, actor: { kind: ActorKind, id: string } }> } };

export type ConsoleTaskMoveMutationVariables = Exact<{
  id: string | number;
  status: TaskStatus;
  expectedVersion?: number | null | undefined;
  comment?: string | null | undefined;
}>;


export type ConsoleTaskMoveMutation = { moveTask:
    | { __typename: 'DomainError', code: string, message: string, field: string | null, ids: Array<string> }
    | { __typename: 'Task', id: string, status: TaskStatus, version: number }
    | { __typename: 'TaskConflict', code: string, message: string }
   };

export type ConsoleAddCommentMutationVariables = Exact<{
  taskId: string | number;
  body: string;
}>;


export type ConsoleAddCommentMutation = { addTaskComment:
    | { __typename: 'DomainError', code: string, message: string, field: string | null, ids: Array<string> }
    | { __typename: 'TaskComment', id: string }
   };

export type ConsoleSetDependenciesMutationVariables = Exact<{
  taskId: string | number;
  dependsOn: Array<string | number> | string | number;
  expectedVersion?: number | null | undefined;
}>;


export type ConsoleSetDependenciesMutation = { setTaskDependencies:
    | { __typename: 'DomainError', code: string, message: string, field: string | null, ids: Array<string> }
    | { __typename: 'Task', id: string, version: number }
    | { __typename: 'TaskConflict', code: string, message: string }
   };

export type ConsoleAttachTagsMutationVariables = Exact<{
  taskId: string | number;
  tagIds: Array<string | number> | string | number;
}>;


export type ConsoleAttachTagsMutation = { attachTaskTags:
    | { __typename: 'DomainError', code: string, message: string, field: string | null, ids: Array<string> }
    | { __typename: 'Task', id: string }
    | { __typename: 'TaskConflict' }
   };

export type ConsoleDetachTagsMutationVariables = Exact<{
  taskId: string | number;
  tagIds: Array<string | number> | string | number;
}>;


export type ConsoleDetachTagsMutation = { detachTaskTags:
    | { __typename: 'DomainError', code: string, message: string, field: string | null, ids: Array<string> }
    | { __typename: 'Task', id: string }
    | { __typename: 'TaskConflict' }
   };

export type ConsoleSetFieldValuesMutationVariables = Exact<{
  taskId: string | number;
  values: Array<CustomFieldValueInput> | CustomFieldValueInput;
  expectedVersion?: number | null | undefined;
}>;


export type ConsoleSetFieldValuesMutation = { setTaskCustomFieldValues:
    | { __typename: 'DomainError', code: string, message: string, field: string | null, ids: Array<string> }
    | { __typename: 'Task', id: string }
    | { __typename: 'TaskConflict', code: string, message: string }
   };

export type ConsoleTeamsQueryVariables = Exact<{ [key: string]: never; }>;


export type ConsoleTeamsQuery = { teams: Array<{ id: string, name: string, description: string | null, members: Array<{ role: TeamRole, agent: { id: string, name: string } }> }> };

export type ConsoleAgentCapabilitiesQueryVariables = Exact<{
  id: string | number;
}>;


export type ConsoleAgentCapabilitiesQuery = { agent: { id: string, capabilities: Array<{ name: string, proficiency: Proficiency }> } };

export type ConsoleCapabilitySearchQueryVariables = Exact<{
  capabilities: Array<string> | string;
}>;


export type ConsoleCapabilitySearchQuery = { searchAgentsByCapabilities: Array<{ score: number, matchedCount: number, agent: { id: string, name: string, status: AgentStatus }, matched: Array<{ name: string, proficiency: Proficiency }> }> };

export type ConsoleCreateTeamMutationVariables = Exact<{
  input: CreateTeamInput;
}>;


export type ConsoleCreateTeamMutation = { createTeam:
    | { __typename: 'DomainError', code: string, message: string, field: string | null, ids: Array<string> }
    | { __typename: 'Team', id: string }
   };

export type ConsoleDeleteTeamMutationVariables = Exact<{
  id: string | number;
}>;


export type ConsoleDeleteTeamMutation = { deleteTeam:
    | { __typename: 'DeleteTeamPayload', deletedTeamId: string }
    | { __typename: 'DomainError', code: string, message: string, field: string | null, ids: Array<string> }
   };

export type ConsoleSetTeamMemberMutationVariables = Exact<{
  teamId: string | number;
  agentId: string | number;
  role: TeamRole;
}>;


export type ConsoleSetTeamMemberMutation = { setTeamMember:
    | { __typename: 'DomainError', code: string, message: string, field: string | null, ids: Array<string> }
    | { __typename: 'Team', id: string }
   };

export type ConsoleRemoveTeamMemberMutationVariables = Exact<{
  teamId: string | number;
  agentId: string | number;
}>;


export type ConsoleRemoveTeamMemberMutation = { removeTeamMember:
    | { __typename: 'DomainError', code: string, message: string, field: string | null, ids: Array<string> }
    | { __typename: 'Team', id: string }
   };

export type ConsoleSetCapabilitiesMutationVariables = Exact<{
  agentId: string | number;
  capabilities: Array<AgentCapabilityInput> | AgentCapabilityInput;
}>;


export type ConsoleSetCapabilitiesMutation = { setAgentCapabilities:
    | { __typename: 'Agent', id: string }
    | { __typename: 'DomainError', code: string, message: string, field: string | null, ids: Array<string> }
   };

export const ChatSessionRowFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ChatSessionRowFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ChatSession"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"agentId"}},{"kind":"Field","name":{"kind":"Name","value":"h5UserId"}},{"kind":"Field","name":{"kind":"Name","value":"lastSequence"}},{"kind":"Field","name":{"kind":"Name","value":"lastMessageAt"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"agent"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"h5User"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"lastMessage"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"text"}},{"kind":"Field","name":{"kind":"Name","value":"author"}}]}}]}}]} as unknown as DocumentNode<ChatSessionRowFieldsFragment, unknown>;
export const DomainErrorFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DomainErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DomainError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"ids"}}]}}]} as unknown as DocumentNode<DomainErrorFieldsFragment, unknown>;
export const ConsoleFlowFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ConsoleFlow"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"FlowMetrics"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"window"}},{"kind":"Field","name":{"kind":"Name","value":"buckets"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"start"}},{"kind":"Field","name":{"kind":"Name","value":"end"}},{"kind":"Field","name":{"kind":"Name","value":"throughput"}},{"kind":"Field","name":{"kind":"Name","value":"meanCycleTimeSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"wip"}}]}},{"kind":"Field","name":{"kind":"Name","value":"current"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"throughput"}},{"kind":"Field","name":{"kind":"Name","value":"meanCycleTimeSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"wip"}}]}},{"kind":"Field","name":{"kind":"Name","value":"previous"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"throughput"}},{"kind":"Field","name":{"kind":"Name","value":"meanCycleTimeSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"wip"}}]}}]}}]} as unknown as DocumentNode<ConsoleFlowFragment, unknown>;
export const ConsoleChatAssignmentsDocument = {"__meta__":{"hash":"sha256:34829b2ffdf2f54e49b980be69637540fcc3b92930784f7192701732993c2eda"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConsoleChatAssignments"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"chatAssignments"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"agentId"}},{"kind":"Field","name":{"kind":"Name","value":"h5UserId"}},{"kind":"Field","name":{"kind":"Name","value":"agent"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"online"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]} as unknown as DocumentNode<ConsoleChatAssignmentsQuery, ConsoleChatAssignmentsQueryVariables>;
export const ConsoleAssignChatAgentDocument = {"__meta__":{"hash":"sha256:245dc69da57abac9efedc53f956e5d4767577ac28695482c9486fbe1bcbb83e7"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConsoleAssignChatAgent"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"AssignChatAgentInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"assignChatAgent"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ChatAssignment"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DomainError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"ids"}}]}}]}}]}}]} as unknown as DocumentNode<ConsoleAssignChatAgentMutation, ConsoleAssignChatAgentMutationVariables>;
export const ConsoleUnassignChatAgentDocument = {"__meta__":{"hash":"sha256:771e844cc0193c2743950c5d5bbfe529f6bc079fd47c1a11b6ce9c9a7aa3aff5"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConsoleUnassignChatAgent"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"unassignChatAgent"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ChatAssignment"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DomainError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"ids"}}]}}]}}]}}]} as unknown as DocumentNode<ConsoleUnassignChatAgentMutation, ConsoleUnassignChatAgentMutationVariables>;
export const ConsoleChatMessagesDocument = {"__meta__":{"hash":"sha256:3ee6bcee80bc5663dab5e3c320953fd77e8c5926ddfbcc47881948aeef927b2c"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConsoleChatMessages"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"sessionId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"chatSession"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"sessionId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"lastSequence"}},{"kind":"Field","name":{"kind":"Name","value":"messages"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"50"}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"newestFirst"},"value":{"kind":"BooleanValue","value":true}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"sequence"}},{"kind":"Field","name":{"kind":"Name","value":"author"}},{"kind":"Field","name":{"kind":"Name","value":"text"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"error"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]}}]} as unknown as DocumentNode<ConsoleChatMessagesQuery, ConsoleChatMessagesQueryVariables>;
export const ConsoleChatEventsDocument = {"__meta__":{"hash":"sha256:ffff3d2327e019d9814e6095c3ba07327bc9b870bf98802dac9fd61f67227399"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"ConsoleChatEvents"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"sessionId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"chatEvents"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"sessionId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"sessionId"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"sequence"}}]}}]}}]} as unknown as DocumentNode<ConsoleChatEventsSubscription, ConsoleChatEventsSubscriptionVariables>;
export const ConsoleMintRegistrationTokenDocument = {"__meta__":{"hash":"sha256:96e48e41590fce42cbc9d8e654feea993f6ee3564970156c2bf9dd5b97d64c31"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConsoleMintRegistrationToken"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateGatewayRegistrationTokenInput"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createGatewayRegistrationToken"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"GatewayRegistrationToken"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"token"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}}]}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"DomainErrorFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DomainErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DomainError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"ids"}}]}}]} as unknown as DocumentNode<ConsoleMintRegistrationTokenMutation, ConsoleMintRegistrationTokenMutationVariables>;
export const ConsoleApproveDocument = {"__meta__":{"hash":"sha256:0be04b5d22ffbc3bc8cfe40ff02ed55f04a7f6726cc993e090faf1bba636c9b9"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConsoleApprove"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"note"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"approveApproval"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"note"},"value":{"kind":"Variable","name":{"kind":"Name","value":"note"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Approval"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"DomainErrorFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DomainErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DomainError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"ids"}}]}}]} as unknown as DocumentNode<ConsoleApproveMutation, ConsoleApproveMutationVariables>;
export const ConsoleRejectDocument = {"__meta__":{"hash":"sha256:a1ce4151046ae671f86303235701df89a8f481c27266d773ae12937043dfef8a"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConsoleReject"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"reason"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rejectApproval"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"reason"},"value":{"kind":"Variable","name":{"kind":"Name","value":"reason"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Approval"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"DomainErrorFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DomainErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DomainError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"ids"}}]}}]} as unknown as DocumentNode<ConsoleRejectMutation, ConsoleRejectMutationVariables>;
export const ConsoleCreateOrganizationDocument = {"__meta__":{"hash":"sha256:c838e47a3027364c3ac33d8a7ba06e8c01e3788f22d26a4e3962624983c13c19"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConsoleCreateOrganization"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateOrganizationInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createOrganization"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Organization"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"DomainErrorFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DomainErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DomainError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"ids"}}]}}]} as unknown as DocumentNode<ConsoleCreateOrganizationMutation, ConsoleCreateOrganizationMutationVariables>;
export const ConsoleUpdateBoardGroupDocument = {"__meta__":{"hash":"sha256:09f1dfe1cab1c1428ad3981352759a16a9df5688495f2e92443b4b95b0b18126"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConsoleUpdateBoardGroup"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UpdateBoardGroupInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"updateBoardGroup"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"BoardGroup"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"DomainErrorFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DomainErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DomainError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"ids"}}]}}]} as unknown as DocumentNode<ConsoleUpdateBoardGroupMutation, ConsoleUpdateBoardGroupMutationVariables>;
export const ConsoleDeleteBoardGroupDocument = {"__meta__":{"hash":"sha256:7e057837d6ea0e96a9889bc1501ef2aa31e3e1a71d764e5f9645467268f279a1"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConsoleDeleteBoardGroup"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deleteBoardGroup"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DeleteBoardGroupPayload"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deletedBoardGroupId"}}]}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"DomainErrorFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DomainErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DomainError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"ids"}}]}}]} as unknown as DocumentNode<ConsoleDeleteBoardGroupMutation, ConsoleDeleteBoardGroupMutationVariables>;
export const ConsoleUpdateBoardDocument = {"__meta__":{"hash":"sha256:885ac9cbb14996d5e1274ec0046a4a0de5c8f23ed8048f48efbfdcb51a1f04a4"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConsoleUpdateBoard"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UpdateBoardInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"updateBoard"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Board"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"DomainErrorFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DomainErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DomainError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"ids"}}]}}]} as unknown as DocumentNode<ConsoleUpdateBoardMutation, ConsoleUpdateBoardMutationVariables>;
export const ConsoleDeleteBoardDocument = {"__meta__":{"hash":"sha256:d25b2e28a38bbce6f9c9c6453fcbeae5b0fcf56050f4fd0d070bc3d795ee5e9e"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConsoleDeleteBoard"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deleteBoard"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DeleteBoardPayload"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deletedBoardId"}}]}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"DomainErrorFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DomainErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DomainError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"ids"}}]}}]} as unknown as DocumentNode<ConsoleDeleteBoardMutation, ConsoleDeleteBoardMutationVariables>;
export const ConsoleCreateBoardDocument = {"__meta__":{"hash":"sha256:3bbe590dd99a6a4383626af8c6f808abc0e4ba25cf91a36f2bb7d3ad81d4f72f"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConsoleCreateBoard"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateBoardInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createBoard"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Board"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"DomainErrorFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DomainErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DomainError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"ids"}}]}}]} as unknown as DocumentNode<ConsoleCreateBoardMutation, ConsoleCreateBoardMutationVariables>;
export const ConsoleCreateBoardGroupDocument = {"__meta__":{"hash":"sha256:18e5bb029ab18506ab7163acd05b95bbe78ee733ed3f987592c7e2519fc02796"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConsoleCreateBoardGroup"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateBoardGroupInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createBoardGroup"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"BoardGroup"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"DomainErrorFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DomainErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DomainError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"ids"}}]}}]} as unknown as DocumentNode<ConsoleCreateBoardGroupMutation, ConsoleCreateBoardGroupMutationVariables>;
export const ConsoleCreateTaskDocument = {"__meta__":{"hash":"sha256:2fc6619c28da107f4a9bb14e415cf942f01503ce8257f0449fa0f85666c66695"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConsoleCreateTask"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateTaskInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createTask"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Task"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"DomainErrorFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DomainErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DomainError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"ids"}}]}}]} as unknown as DocumentNode<ConsoleCreateTaskMutation, ConsoleCreateTaskMutationVariables>;
export const ConsoleCreateTagDocument = {"__meta__":{"hash":"sha256:3c90100116e5ca8282b2500b87de7d8b2b420543c74cf0177c98ca4d49cb320a"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConsoleCreateTag"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateTagInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createTag"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Tag"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"DomainErrorFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DomainErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DomainError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"ids"}}]}}]} as unknown as DocumentNode<ConsoleCreateTagMutation, ConsoleCreateTagMutationVariables>;
export const ConsoleUpdateTagDocument = {"__meta__":{"hash":"sha256:b00c3b3f153047af76356c09b6c83174dc93d2fd9169ea2d197aad3ef999e2e8"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConsoleUpdateTag"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UpdateTagInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"updateTag"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Tag"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"DomainErrorFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DomainErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DomainError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"ids"}}]}}]} as unknown as DocumentNode<ConsoleUpdateTagMutation, ConsoleUpdateTagMutationVariables>;
export const ConsoleDeleteTagDocument = {"__meta__":{"hash":"sha256:c6eed1339f7171f9ac9c95b6636d46d7daf16ee8347f013567787c819ee348b9"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConsoleDeleteTag"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deleteTag"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DeleteTagPayload"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deletedTagId"}}]}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"DomainErrorFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DomainErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DomainError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"ids"}}]}}]} as unknown as DocumentNode<ConsoleDeleteTagMutation, ConsoleDeleteTagMutationVariables>;
export const ConsoleDeleteAgentDocument = {"__meta__":{"hash":"sha256:ceaecc01f4252d6a64bc89e6484a5d5d2a834dd4249d032952ca9507fa656fe7"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConsoleDeleteAgent"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deleteAgent"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DeleteAgentPayload"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deletedAgentId"}}]}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"DomainErrorFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DomainErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DomainError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"ids"}}]}}]} as unknown as DocumentNode<ConsoleDeleteAgentMutation, ConsoleDeleteAgentMutationVariables>;
export const ConsoleRotateAgentTokenDocument = {"__meta__":{"hash":"sha256:a042d75c6e8bbc29dfbb52c1180ecb7ceb0f63702f70ad1a40700a35cc25d0cb"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConsoleRotateAgentToken"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"agentId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rotateAgentToken"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"agentId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"agentId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AgentToken"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"token"}},{"kind":"Field","name":{"kind":"Name","value":"agent"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"DomainErrorFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DomainErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DomainError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"ids"}}]}}]} as unknown as DocumentNode<ConsoleRotateAgentTokenMutation, ConsoleRotateAgentTokenMutationVariables>;
export const ConsoleUpdateAgentDocument = {"__meta__":{"hash":"sha256:6cb53f4b7e975247d2960c385cc769486930b9d18ba323907e85345253e6ccc1"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConsoleUpdateAgent"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UpdateAgentInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"updateAgent"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Agent"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"DomainErrorFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DomainErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DomainError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"ids"}}]}}]} as unknown as DocumentNode<ConsoleUpdateAgentMutation, ConsoleUpdateAgentMutationVariables>;
export const ConsoleBoardEventsDocument = {"__meta__":{"hash":"sha256:0fd8ca4122b894f2d04a0aaf3c19371f569a943604b4880d263ee1d5290e8759"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"ConsoleBoardEvents"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"boardId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"boardEvents"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"boardId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"boardId"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sequence"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"taskId"}}]}}]}}]} as unknown as DocumentNode<ConsoleBoardEventsSubscription, ConsoleBoardEventsSubscriptionVariables>;
export const ConsoleActivityEventsDocument = {"__meta__":{"hash":"sha256:6949c0f063d63b8c0424666eab4dc7a9b8e4db9cd093d8fca6f3586cebb1e5e9"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"ConsoleActivityEvents"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ActivityStreamFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"activityEvents"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"sequence"}},{"kind":"Field","name":{"kind":"Name","value":"type"}}]}}]}}]} as unknown as DocumentNode<ConsoleActivityEventsSubscription, ConsoleActivityEventsSubscriptionVariables>;
export const ConsolePickGatewaysDocument = {"__meta__":{"hash":"sha256:53c7352af365619390f6e5fc65210c599fe7a8c6fc9ad6ea7c6fff4f226b5b1a"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConsolePickGateways"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"gateways"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]} as unknown as DocumentNode<ConsolePickGatewaysQuery, ConsolePickGatewaysQueryVariables>;
export const ConsolePickBoardsDocument = {"__meta__":{"hash":"sha256:4b0c39a1c38b9d42a0f86689df6f3052608c958c9b4226c36c39cf6ece705727"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConsolePickBoards"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"boards"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]} as unknown as DocumentNode<ConsolePickBoardsQuery, ConsolePickBoardsQueryVariables>;
export const ConsolePickAgentsDocument = {"__meta__":{"hash":"sha256:5a09ea614b5f244cb40e157d9371dff84fba964878f43edc20e2eae955fe92db"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConsolePickAgents"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"agents"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]} as unknown as DocumentNode<ConsolePickAgentsQuery, ConsolePickAgentsQueryVariables>;
export const ConsoleViewerDocument = {"__meta__":{"hash":"sha256:e399ff400c1feb5ae155bb8abd80c22db1e127843c66d8faa25b872e15c1dfb1"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConsoleViewer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"whoami"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"userId"}}]}},{"kind":"Field","name":{"kind":"Name","value":"me"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"memberships"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"organization"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"slug"}}]}}]}}]}}]}}]} as unknown as DocumentNode<ConsoleViewerQuery, ConsoleViewerQueryVariables>;
export const ConsoleActivityDocument = {"__meta__":{"hash":"sha256:418987f8a57d09f358b767f1cfdd8435f3685ae5c680b3956a58ea3a9b791c30"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConsoleActivity"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ActivityFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"activity"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"50"}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"occurredAt"}},{"kind":"Field","name":{"kind":"Name","value":"actor"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"board"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"task"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"activitySequence"}}]}}]} as unknown as DocumentNode<ConsoleActivityQuery, ConsoleActivityQueryVariables>;
export const ConsoleAgentDocument = {"__meta__":{"hash":"sha256:53862618fe399a9e30cf9e6bcd325ef1d48d1737c8deb4be3a9586d703af97e7"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConsoleAgent"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"activity"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ActivityFilter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"agent"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"remoteAgentId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"lastError"}},{"kind":"Field","name":{"kind":"Name","value":"wakeAttempts"}},{"kind":"Field","name":{"kind":"Name","value":"provisionDeadlineAt"}},{"kind":"Field","name":{"kind":"Name","value":"checkedInAt"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"gateway"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}},{"kind":"Field","name":{"kind":"Name","value":"board"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"teams"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"team"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"capabilities"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"proficiency"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"activity"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"activity"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"20"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"occurredAt"}},{"kind":"Field","name":{"kind":"Name","value":"actor"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"board"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"task"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}}]}}]}}]}}]}}]} as unknown as DocumentNode<ConsoleAgentQuery, ConsoleAgentQueryVariables>;
export const ConsoleAgentPageStatusDocument = {"__meta__":{"hash":"sha256:27c2c83f24073cb2c037df431a938248dd3c2f4839cadf5274aa70d1e4701c68"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"ConsoleAgentPageStatus"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"agentStatusChanged"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"agentId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"lastError"}},{"kind":"Field","name":{"kind":"Name","value":"deleted"}}]}}]}}]} as unknown as DocumentNode<ConsoleAgentPageStatusSubscription, ConsoleAgentPageStatusSubscriptionVariables>;
export const ConsoleAgentsDocument = {"__meta__":{"hash":"sha256:7104b9bb6b3f8716db0bc2d642e43bb5e13a3a93a9f3e1bb5d9f7d0265e295da"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConsoleAgents"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"agents"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"50"}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"lastError"}},{"kind":"Field","name":{"kind":"Name","value":"wakeAttempts"}},{"kind":"Field","name":{"kind":"Name","value":"checkedInAt"}},{"kind":"Field","name":{"kind":"Name","value":"gateway"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"board"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]} as unknown as DocumentNode<ConsoleAgentsQuery, ConsoleAgentsQueryVariables>;
export const ConsoleAgentStatusDocument = {"__meta__":{"hash":"sha256:5fd54d051dcdde028f8f6b398c4bbc3e647226c7c19d39c3342415ddf45ea92d"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"ConsoleAgentStatus"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"agentStatusChanged"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"agentId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"lastError"}},{"kind":"Field","name":{"kind":"Name","value":"deleted"}}]}}]}}]} as unknown as DocumentNode<ConsoleAgentStatusSubscription, ConsoleAgentStatusSubscriptionVariables>;
export const ConsoleCreateAgentDocument = {"__meta__":{"hash":"sha256:91c4e0ecd3e9c6eb26de27f7f74353aa30845eae4722ab7e3ebcd270895f39de"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConsoleCreateAgent"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateAgentInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createAgent"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Agent"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"DomainErrorFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DomainErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DomainError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"ids"}}]}}]} as unknown as DocumentNode<ConsoleCreateAgentMutation, ConsoleCreateAgentMutationVariables>;
export const ConsoleImportAgentDocument = {"__meta__":{"hash":"sha256:f62af32b50e7a5b2cd0fd4ce797a225534ef32ee761e11e9eff679ee51aaf222"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConsoleImportAgent"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ImportAgentInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"importAgent"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Agent"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"DomainErrorFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DomainErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DomainError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"ids"}}]}}]} as unknown as DocumentNode<ConsoleImportAgentMutation, ConsoleImportAgentMutationVariables>;
export const ConsoleApprovalsDocument = {"__meta__":{"hash":"sha256:9a4fc8a41db783bbb70fb3a8129d5a4dc4594b488ee160a3da0396a7c0e83451"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConsoleApprovals"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ApprovalFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"approvals"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"50"}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"actionType"}},{"kind":"Field","name":{"kind":"Name","value":"confidence"}},{"kind":"Field","name":{"kind":"Name","value":"reasoning"}},{"kind":"Field","name":{"kind":"Name","value":"resolutionNote"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"requestedBy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}}]}},{"kind":"Field","name":{"kind":"Name","value":"board"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"tasks"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"activitySequence"}}]}}]} as unknown as DocumentNode<ConsoleApprovalsQuery, ConsoleApprovalsQueryVariables>;
export const ConsoleBoardDocument = {"__meta__":{"hash":"sha256:98eef176ce9432b0fe9a21b97f058fd5a11f986522afef71eb5e5d3f7aa76c52"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConsoleBoard"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"board"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"requireApprovalForDone"}},{"kind":"Field","name":{"kind":"Name","value":"requireReviewBeforeDone"}},{"kind":"Field","name":{"kind":"Name","value":"commentRequiredForReview"}},{"kind":"Field","name":{"kind":"Name","value":"blockStatusChangesWithPendingApproval"}},{"kind":"Field","name":{"kind":"Name","value":"pendingApprovalCount"}},{"kind":"Field","name":{"kind":"Name","value":"sequence"}},{"kind":"Field","name":{"kind":"Name","value":"group"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"taskCounts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"total"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"tags"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"color"}}]}},{"kind":"Field","name":{"kind":"Name","value":"boardGroups"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]} as unknown as DocumentNode<ConsoleBoardQuery, ConsoleBoardQueryVariables>;
export const ConsoleBoardTasksDocument = {"__meta__":{"hash":"sha256:f89ca42308722a9ca7f92214545d04bc1b68fae25f26849f816ef32efff99e8b"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConsoleBoardTasks"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"board"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"tasks"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"80"}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"priority"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"blocked"}},{"kind":"Field","name":{"kind":"Name","value":"tags"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]}}]} as unknown as DocumentNode<ConsoleBoardTasksQuery, ConsoleBoardTasksQueryVariables>;
export const ConsoleMoveTaskDocument = {"__meta__":{"hash":"sha256:2582c2ceb4d00e54b6bf4985b87ebd8a8fb9b3c209bd3950e204a0e1ab806550"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConsoleMoveTask"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"status"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"TaskStatus"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"expectedVersion"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"comment"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"moveTask"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"status"},"value":{"kind":"Variable","name":{"kind":"Name","value":"status"}}},{"kind":"Argument","name":{"kind":"Name","value":"expectedVersion"},"value":{"kind":"Variable","name":{"kind":"Name","value":"expectedVersion"}}},{"kind":"Argument","name":{"kind":"Name","value":"comment"},"value":{"kind":"Variable","name":{"kind":"Name","value":"comment"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Task"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"version"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"TaskConflict"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"current"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"version"}}]}}]}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"DomainErrorFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DomainErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DomainError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"ids"}}]}}]} as unknown as DocumentNode<ConsoleMoveTaskMutation, ConsoleMoveTaskMutationVariables>;
export const ConsoleRequestApprovalDocument = {"__meta__":{"hash":"sha256:547c5b6f776d3b4f85622daa0caf6156b3a378e0c0ede89808398aadded41f50"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConsoleRequestApproval"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateApprovalInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createApproval"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Approval"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"DomainErrorFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DomainErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DomainError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"ids"}}]}}]} as unknown as DocumentNode<ConsoleRequestApprovalMutation, ConsoleRequestApprovalMutationVariables>;
export const ConsoleBoardGroupsDocument = {"__meta__":{"hash":"sha256:bd65349c16ebf43cc8f74c867008a3d00c78c17f3c948e2045cd53309d21f807"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConsoleBoardGroups"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"boardGroups"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"description"}}]}},{"kind":"Field","name":{"kind":"Name","value":"activitySequence"}}]}}]} as unknown as DocumentNode<ConsoleBoardGroupsQuery, ConsoleBoardGroupsQueryVariables>;
export const ConsoleBoardsOverviewDocument = {"__meta__":{"hash":"sha256:6530dac572f3fde664696118781a88b54d7fd3900fd6d0ffc44423c64c5985cd"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConsoleBoardsOverview"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"boards"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"80"}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"pendingApprovalCount"}},{"kind":"Field","name":{"kind":"Name","value":"group"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"taskCounts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"inbox"}},{"kind":"Field","name":{"kind":"Name","value":"inProgress"}},{"kind":"Field","name":{"kind":"Name","value":"review"}},{"kind":"Field","name":{"kind":"Name","value":"done"}},{"kind":"Field","name":{"kind":"Name","value":"total"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]} as unknown as DocumentNode<ConsoleBoardsOverviewQuery, ConsoleBoardsOverviewQueryVariables>;
export const ConsoleCatalogDocument = {"__meta__":{"hash":"sha256:74694501a074500f19ce1a3392e2c3d4e780e065ba96fcc4d06b8cba5b60de70"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConsoleCatalog"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"tags"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"slug"}},{"kind":"Field","name":{"kind":"Name","value":"color"}}]}},{"kind":"Field","name":{"kind":"Name","value":"customFields"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"label"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"required"}},{"kind":"Field","name":{"kind":"Name","value":"visibility"}}]}},{"kind":"Field","name":{"kind":"Name","value":"activitySequence"}}]}}]} as unknown as DocumentNode<ConsoleCatalogQuery, ConsoleCatalogQueryVariables>;
export const ConsoleCatalogBoardsDocument = {"__meta__":{"hash":"sha256:2f646a9076c84adef781512d17ebbe5c8d50fddc66a6277d4fe601fa0f55286c"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConsoleCatalogBoards"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"boards"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"customFields"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]} as unknown as DocumentNode<ConsoleCatalogBoardsQuery, ConsoleCatalogBoardsQueryVariables>;
export const ConsoleCreateFieldDocument = {"__meta__":{"hash":"sha256:943f692fb781e86f811336b9df44a640e2baf3bbe577f77baea70cd41f8c8e0f"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConsoleCreateField"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateCustomFieldInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createCustomField"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"CustomField"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"DomainErrorFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DomainErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DomainError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"ids"}}]}}]} as unknown as DocumentNode<ConsoleCreateFieldMutation, ConsoleCreateFieldMutationVariables>;
export const ConsoleBindFieldDocument = {"__meta__":{"hash":"sha256:e64df8e34276adc37dfebeb3ff1f0d6378fb091d73c5e1eae5b7411816d0aa38"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConsoleBindField"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"fieldId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"boardId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"bindCustomField"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"fieldId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"fieldId"}}},{"kind":"Argument","name":{"kind":"Name","value":"boardId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"boardId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"CustomField"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"DomainErrorFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DomainErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DomainError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"ids"}}]}}]} as unknown as DocumentNode<ConsoleBindFieldMutation, ConsoleBindFieldMutationVariables>;
export const ConsoleUnbindFieldDocument = {"__meta__":{"hash":"sha256:379a2c63fb2a56abaa9d499048b76c1daa6994f956f9082aed078905dfdf5440"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConsoleUnbindField"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"fieldId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"boardId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"unbindCustomField"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"fieldId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"fieldId"}}},{"kind":"Argument","name":{"kind":"Name","value":"boardId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"boardId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"CustomField"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"DomainErrorFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DomainErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DomainError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"ids"}}]}}]} as unknown as DocumentNode<ConsoleUnbindFieldMutation, ConsoleUnbindFieldMutationVariables>;
export const ConsoleGatewayDocument = {"__meta__":{"hash":"sha256:0759ce69e75518fe5bfd8123a6fdd9b9b7f6ed66d9d7a0852ab0a343da4f8a48"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConsoleGateway"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"windowSeconds"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"gateway"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"hasToken"}},{"kind":"Field","name":{"kind":"Name","value":"workspaceRoot"}},{"kind":"Field","name":{"kind":"Name","value":"allowSelfSignedTls"}},{"kind":"Field","name":{"kind":"Name","value":"pairingMode"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"statusChangedAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastSeenAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastError"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"registered"}},{"kind":"Field","name":{"kind":"Name","value":"registeredAt"}},{"kind":"Field","name":{"kind":"Name","value":"connection"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"since"}},{"kind":"Field","name":{"kind":"Name","value":"lastError"}},{"kind":"Field","name":{"kind":"Name","value":"serverVersion"}}]}},{"kind":"Field","name":{"kind":"Name","value":"metrics"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"windowSeconds"},"value":{"kind":"Variable","name":{"kind":"Name","value":"windowSeconds"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"activeSessions"}},{"kind":"Field","name":{"kind":"Name","value":"memoryBytes"}},{"kind":"Field","name":{"kind":"Name","value":"cpuPercent"}},{"kind":"Field","name":{"kind":"Name","value":"agentCount"}}]}},{"kind":"Field","name":{"kind":"Name","value":"agents"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]}}]} as unknown as DocumentNode<ConsoleGatewayQuery, ConsoleGatewayQueryVariables>;
export const ConsoleGatewayHealthDocument = {"__meta__":{"hash":"sha256:b3ea3e6fb66a9a3d316379b7c4a0394dde771475cfc943f50213bd6651f08625"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"ConsoleGatewayHealth"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"gatewayId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"gatewayHealth"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"gatewayId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"gatewayId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"previousStatus"}},{"kind":"Field","name":{"kind":"Name","value":"lastSeenAt"}},{"kind":"Field","name":{"kind":"Name","value":"changedAt"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"deleted"}}]}}]}}]} as unknown as DocumentNode<ConsoleGatewayHealthSubscription, ConsoleGatewayHealthSubscriptionVariables>;
export const ConsoleUpdateGatewayDocument = {"__meta__":{"hash":"sha256:4dacee9ce941f30e0d6052a8decd770623c4083d2a4f20183860c2a68522557b"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConsoleUpdateGateway"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UpdateGatewayInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"updateGateway"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Gateway"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"DomainErrorFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DomainErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DomainError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"ids"}}]}}]} as unknown as DocumentNode<ConsoleUpdateGatewayMutation, ConsoleUpdateGatewayMutationVariables>;
export const ConsoleDeleteGatewayDocument = {"__meta__":{"hash":"sha256:e6397de7117bc64a8d4f33297faa28fe133de0d51a09987d488e91ce60742ba0"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConsoleDeleteGateway"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deleteGateway"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DeleteGatewayPayload"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deletedGatewayId"}}]}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"DomainErrorFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DomainErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DomainError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"ids"}}]}}]} as unknown as DocumentNode<ConsoleDeleteGatewayMutation, ConsoleDeleteGatewayMutationVariables>;
export const ConsoleDeregisterGatewayDocument = {"__meta__":{"hash":"sha256:17f8d4b3cc1dba41be2bc35311cd1b8ae92dff3729d3789aa41ef693948fb67d"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConsoleDeregisterGateway"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deregisterGateway"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Gateway"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"DomainErrorFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DomainErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DomainError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"ids"}}]}}]} as unknown as DocumentNode<ConsoleDeregisterGatewayMutation, ConsoleDeregisterGatewayMutationVariables>;
export const ConsoleGatewaysDocument = {"__meta__":{"hash":"sha256:65b035d55d4abb5b3ad6b4cbeed40a5b023fc862aada5335f07cd9ad1e3bca74"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConsoleGateways"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"gateways"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"lastSeenAt"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"registered"}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]} as unknown as DocumentNode<ConsoleGatewaysQuery, ConsoleGatewaysQueryVariables>;
export const ConsoleGatewayStatusChangedDocument = {"__meta__":{"hash":"sha256:2671c68de7aeba1f75fff71ca0eb503e870334518720ca6eb02a3f3033ded141"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"ConsoleGatewayStatusChanged"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"gatewayStatusChanged"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"gatewayId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"deleted"}}]}}]}}]} as unknown as DocumentNode<ConsoleGatewayStatusChangedSubscription, ConsoleGatewayStatusChangedSubscriptionVariables>;
export const ConsoleCreateGatewayDocument = {"__meta__":{"hash":"sha256:84a12cdee86c5b8164a9f35657cbd205b55fbb754a0d4e629bccdf8c230d43f3"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConsoleCreateGateway"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateGatewayInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createGateway"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Gateway"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"DomainErrorFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DomainErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DomainError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"ids"}}]}}]} as unknown as DocumentNode<ConsoleCreateGatewayMutation, ConsoleCreateGatewayMutationVariables>;
export const ConsoleMetricScopesDocument = {"__meta__":{"hash":"sha256:3634a7e33b4ab05a16ee64243a0cef7e5f4b97318a5ca714ca6a0557c92b4cf3"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConsoleMetricScopes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"boardGroups"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]} as unknown as DocumentNode<ConsoleMetricScopesQuery, ConsoleMetricScopesQueryVariables>;
export const ConsoleBoardMetricsDocument = {"__meta__":{"hash":"sha256:ffe4e4b1baa69a8f664254bf518aa2b85a80d5f761d9b59315952dd38bd01069"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConsoleBoardMetrics"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"boardId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"window"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"MetricsWindow"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"buckets"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"boardMetrics"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"boardId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"boardId"}}},{"kind":"Argument","name":{"kind":"Name","value":"window"},"value":{"kind":"Variable","name":{"kind":"Name","value":"window"}}},{"kind":"Argument","name":{"kind":"Name","value":"buckets"},"value":{"kind":"Variable","name":{"kind":"Name","value":"buckets"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ConsoleFlow"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ConsoleFlow"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"FlowMetrics"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"window"}},{"kind":"Field","name":{"kind":"Name","value":"buckets"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"start"}},{"kind":"Field","name":{"kind":"Name","value":"end"}},{"kind":"Field","name":{"kind":"Name","value":"throughput"}},{"kind":"Field","name":{"kind":"Name","value":"meanCycleTimeSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"wip"}}]}},{"kind":"Field","name":{"kind":"Name","value":"current"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"throughput"}},{"kind":"Field","name":{"kind":"Name","value":"meanCycleTimeSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"wip"}}]}},{"kind":"Field","name":{"kind":"Name","value":"previous"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"throughput"}},{"kind":"Field","name":{"kind":"Name","value":"meanCycleTimeSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"wip"}}]}}]}}]} as unknown as DocumentNode<ConsoleBoardMetricsQuery, ConsoleBoardMetricsQueryVariables>;
export const ConsoleGroupMetricsDocument = {"__meta__":{"hash":"sha256:15560191776c29c87ddee0f89c1f6437ff80383da3a146dad05599af05429695"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConsoleGroupMetrics"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"groupId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"window"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"MetricsWindow"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"buckets"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"groupMetrics"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"boardGroupId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"groupId"}}},{"kind":"Argument","name":{"kind":"Name","value":"window"},"value":{"kind":"Variable","name":{"kind":"Name","value":"window"}}},{"kind":"Argument","name":{"kind":"Name","value":"buckets"},"value":{"kind":"Variable","name":{"kind":"Name","value":"buckets"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ConsoleFlow"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ConsoleFlow"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"FlowMetrics"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"window"}},{"kind":"Field","name":{"kind":"Name","value":"buckets"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"start"}},{"kind":"Field","name":{"kind":"Name","value":"end"}},{"kind":"Field","name":{"kind":"Name","value":"throughput"}},{"kind":"Field","name":{"kind":"Name","value":"meanCycleTimeSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"wip"}}]}},{"kind":"Field","name":{"kind":"Name","value":"current"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"throughput"}},{"kind":"Field","name":{"kind":"Name","value":"meanCycleTimeSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"wip"}}]}},{"kind":"Field","name":{"kind":"Name","value":"previous"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"throughput"}},{"kind":"Field","name":{"kind":"Name","value":"meanCycleTimeSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"wip"}}]}}]}}]} as unknown as DocumentNode<ConsoleGroupMetricsQuery, ConsoleGroupMetricsQueryVariables>;
export const ConsoleOrganizationDocument = {"__meta__":{"hash":"sha256:f7eb7ebe239aa2f3c36635cef1c16a856121457a2a6001067c3558b5bc0f1eb3"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConsoleOrganization"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"organizationId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"organization"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"organizationId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"slug"}}]}},{"kind":"Field","name":{"kind":"Name","value":"members"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"organizationId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"organizationId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"allBoardsRead"}},{"kind":"Field","name":{"kind":"Name","value":"allBoardsWrite"}},{"kind":"Field","name":{"kind":"Name","value":"user"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"email"}}]}},{"kind":"Field","name":{"kind":"Name","value":"boardGrants"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"boardId"}},{"kind":"Field","name":{"kind":"Name","value":"permission"}},{"kind":"Field","name":{"kind":"Name","value":"board"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]}}]} as unknown as DocumentNode<ConsoleOrganizationQuery, ConsoleOrganizationQueryVariables>;
export const ConsoleOrganizationAdminDocument = {"__meta__":{"hash":"sha256:4f10cc165fd4690468cc9ebd78a24f85ea115159afe931714702390e2f383c42"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConsoleOrganizationAdmin"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"organizationId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"invites"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"organizationId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"organizationId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}}]}}]}}]} as unknown as DocumentNode<ConsoleOrganizationAdminQuery, ConsoleOrganizationAdminQueryVariables>;
export const ConsoleOrganizationH5UsersDocument = {"__meta__":{"hash":"sha256:71680338c7ab7d3f3b4d66967d4e407777374eef64eeed2f4deae6bc33554c61"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConsoleOrganizationH5Users"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"organizationId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"h5Users"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"organizationId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"organizationId"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"suspended"}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]} as unknown as DocumentNode<ConsoleOrganizationH5UsersQuery, ConsoleOrganizationH5UsersQueryVariables>;
export const ConsoleUpdateRoleDocument = {"__meta__":{"hash":"sha256:8d78bcbfa764563d2c37ebef72e38b1d47bb9aea0f91a1fd197b0b930caf9ce8"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConsoleUpdateRole"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UpdateMemberRoleInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"updateMemberRole"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Member"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"role"}}]}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"DomainErrorFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DomainErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DomainError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"ids"}}]}}]} as unknown as DocumentNode<ConsoleUpdateRoleMutation, ConsoleUpdateRoleMutationVariables>;
export const ConsoleSetAccessDocument = {"__meta__":{"hash":"sha256:83746a2f78df4731eda21b9eb5d13e710cc3a609336692ad7267d99928d26a06"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConsoleSetAccess"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SetMemberBoardAccessInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"setMemberBoardAccess"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Member"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"DomainErrorFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DomainErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DomainError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"ids"}}]}}]} as unknown as DocumentNode<ConsoleSetAccessMutation, ConsoleSetAccessMutationVariables>;
export const ConsoleRemoveMemberDocument = {"__meta__":{"hash":"sha256:c3b2ff0de37921a46275edbaf431ff79e5ac811b1fad356e02f39359dcb73ddf"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConsoleRemoveMember"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"memberId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"removeMember"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"memberId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"memberId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DeletedRecord"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"DomainErrorFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DomainErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DomainError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"ids"}}]}}]} as unknown as DocumentNode<ConsoleRemoveMemberMutation, ConsoleRemoveMemberMutationVariables>;
export const ConsoleInviteDocument = {"__meta__":{"hash":"sha256:086788975fd9ca466e667843088ffdce840afe9b9dfcb2b11e2c0c5f5d8e7431"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConsoleInvite"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateInviteInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createInvite"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"CreatedInvite"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"token"}},{"kind":"Field","name":{"kind":"Name","value":"invite"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"DomainErrorFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DomainErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DomainError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"ids"}}]}}]} as unknown as DocumentNode<ConsoleInviteMutation, ConsoleInviteMutationVariables>;
export const ConsoleRevokeInviteDocument = {"__meta__":{"hash":"sha256:bb4f5f9cec7c401cb2ae1131c7aa870034904266d17d2330f3f57b6eb6dda8e4"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConsoleRevokeInvite"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"revokeInvite"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Invite"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"DomainErrorFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DomainErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DomainError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"ids"}}]}}]} as unknown as DocumentNode<ConsoleRevokeInviteMutation, ConsoleRevokeInviteMutationVariables>;
export const ConsoleSuspendH5Document = {"__meta__":{"hash":"sha256:e963255c54ddc329a7d45e7a70a99ed0c71adfdc17a337f959602fc6f99c1612"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConsoleSuspendH5"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"suspendH5User"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"H5User"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"suspended"}}]}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"DomainErrorFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DomainErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DomainError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"ids"}}]}}]} as unknown as DocumentNode<ConsoleSuspendH5Mutation, ConsoleSuspendH5MutationVariables>;
export const ConsoleReactivateH5Document = {"__meta__":{"hash":"sha256:b07cf7a9cb765ea50af4bf999ffdb51ca30e62c4db9ebd488e71c1e4e2a0922c"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConsoleReactivateH5"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"reactivateH5User"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"H5User"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"suspended"}}]}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"DomainErrorFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DomainErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DomainError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"ids"}}]}}]} as unknown as DocumentNode<ConsoleReactivateH5Mutation, ConsoleReactivateH5MutationVariables>;
export const ConsoleChatSessionsDocument = {"__meta__":{"hash":"sha256:eabdeb342a972b61eb94727c398bc4cae639dc14dfe31ff785168e8dfd2290fe"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConsoleChatSessions"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"agentId"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"chatSessions"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"agentId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"agentId"}}}]}},{"kind":"Argument","name":{"kind":"Name","value":"orderBy"},"value":{"kind":"EnumValue","value":"LAST_ACTIVITY"}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"80"}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ChatSessionRowFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ChatSessionRowFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ChatSession"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"agentId"}},{"kind":"Field","name":{"kind":"Name","value":"h5UserId"}},{"kind":"Field","name":{"kind":"Name","value":"lastSequence"}},{"kind":"Field","name":{"kind":"Name","value":"lastMessageAt"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"agent"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"h5User"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"lastMessage"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"text"}},{"kind":"Field","name":{"kind":"Name","value":"author"}}]}}]}}]} as unknown as DocumentNode<ConsoleChatSessionsQuery, ConsoleChatSessionsQueryVariables>;
export const ConsoleChatSessionUpdatedDocument = {"__meta__":{"hash":"sha256:cb706cee282db2321c713b177add815badd284d2462666b19d525a04e902031b"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"ConsoleChatSessionUpdated"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"chatSessionUpdated"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ChatSessionRowFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ChatSessionRowFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ChatSession"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"agentId"}},{"kind":"Field","name":{"kind":"Name","value":"h5UserId"}},{"kind":"Field","name":{"kind":"Name","value":"lastSequence"}},{"kind":"Field","name":{"kind":"Name","value":"lastMessageAt"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"agent"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"h5User"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"lastMessage"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"text"}},{"kind":"Field","name":{"kind":"Name","value":"author"}}]}}]}}]} as unknown as DocumentNode<ConsoleChatSessionUpdatedSubscription, ConsoleChatSessionUpdatedSubscriptionVariables>;
export const ConsoleTaskDocument = {"__meta__":{"hash":"sha256:72eeb3e3c923c66e1b8c8425b858449d8d5deeca0adb7d0c3369ab69579effc7"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConsoleTask"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"task"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"priority"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"blocked"}},{"kind":"Field","name":{"kind":"Name","value":"dueAt"}},{"kind":"Field","name":{"kind":"Name","value":"assigneeAgentId"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"createdBy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"board"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"sequence"}}]}},{"kind":"Field","name":{"kind":"Name","value":"dependencies"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}},{"kind":"Field","name":{"kind":"Name","value":"dependents"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}},{"kind":"Field","name":{"kind":"Name","value":"blockedBy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"tags"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"color"}}]}},{"kind":"Field","name":{"kind":"Name","value":"customFields"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"label"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}},{"kind":"Field","name":{"kind":"Name","value":"comments"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"body"}},{"kind":"Field","name":{"kind":"Name","value":"mentions"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"author"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"approvals"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"actionType"}},{"kind":"Field","name":{"kind":"Name","value":"reasoning"}},{"kind":"Field","name":{"kind":"Name","value":"resolutionNote"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}}]}}]}}]}}]} as unknown as DocumentNode<ConsoleTaskQuery, ConsoleTaskQueryVariables>;
export const ConsoleTaskContextDocument = {"__meta__":{"hash":"sha256:e7b0ed822a9497a836b254be8e69858f69b8d6367f1f9bf5b8265f40a28a351d"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConsoleTaskContext"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"boardId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"board"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"boardId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"tasks"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"tags"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"color"}}]}},{"kind":"Field","name":{"kind":"Name","value":"activity"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"taskId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}]}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"50"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"occurredAt"}},{"kind":"Field","name":{"kind":"Name","value":"actor"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]}}]}}]} as unknown as DocumentNode<ConsoleTaskContextQuery, ConsoleTaskContextQueryVariables>;
export const ConsoleTaskMoveDocument = {"__meta__":{"hash":"sha256:93916a2b77eab8943ced27c3d8c9d224feae80e5f3fcdbafff3feb6d7c772211"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConsoleTaskMove"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"status"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"TaskStatus"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"expectedVersion"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"comment"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"moveTask"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"status"},"value":{"kind":"Variable","name":{"kind":"Name","value":"status"}}},{"kind":"Argument","name":{"kind":"Name","value":"expectedVersion"},"value":{"kind":"Variable","name":{"kind":"Name","value":"expectedVersion"}}},{"kind":"Argument","name":{"kind":"Name","value":"comment"},"value":{"kind":"Variable","name":{"kind":"Name","value":"comment"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Task"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"version"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"TaskConflict"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"DomainErrorFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DomainErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DomainError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"ids"}}]}}]} as unknown as DocumentNode<ConsoleTaskMoveMutation, ConsoleTaskMoveMutationVariables>;
export const ConsoleAddCommentDocument = {"__meta__":{"hash":"sha256:e6a6c850fbc49a52ae53f9d3d2c52bd38ecb08f6b6d60dfc9661a21fdcb6bce7"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConsoleAddComment"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"taskId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"body"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"addTaskComment"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"taskId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"taskId"}}},{"kind":"Argument","name":{"kind":"Name","value":"body"},"value":{"kind":"Variable","name":{"kind":"Name","value":"body"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"TaskComment"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"DomainErrorFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DomainErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DomainError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"ids"}}]}}]} as unknown as DocumentNode<ConsoleAddCommentMutation, ConsoleAddCommentMutationVariables>;
export const ConsoleSetDependenciesDocument = {"__meta__":{"hash":"sha256:068772c4b7cd18e8b5227d3ca07653a561fcca465d3b46c98c3f0ee62a1adfea"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConsoleSetDependencies"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"taskId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"dependsOn"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"expectedVersion"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"setTaskDependencies"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"taskId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"taskId"}}},{"kind":"Argument","name":{"kind":"Name","value":"dependsOn"},"value":{"kind":"Variable","name":{"kind":"Name","value":"dependsOn"}}},{"kind":"Argument","name":{"kind":"Name","value":"expectedVersion"},"value":{"kind":"Variable","name":{"kind":"Name","value":"expectedVersion"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Task"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"version"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"TaskConflict"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"DomainErrorFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DomainErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DomainError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"ids"}}]}}]} as unknown as DocumentNode<ConsoleSetDependenciesMutation, ConsoleSetDependenciesMutationVariables>;
export const ConsoleAttachTagsDocument = {"__meta__":{"hash":"sha256:9d82f7e405acfbfbc2d882ad158c04bb1178148fb8f742a48803192385623ee0"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConsoleAttachTags"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"taskId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"tagIds"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"attachTaskTags"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"taskId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"taskId"}}},{"kind":"Argument","name":{"kind":"Name","value":"tagIds"},"value":{"kind":"Variable","name":{"kind":"Name","value":"tagIds"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Task"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"DomainErrorFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DomainErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DomainError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"ids"}}]}}]} as unknown as DocumentNode<ConsoleAttachTagsMutation, ConsoleAttachTagsMutationVariables>;
export const ConsoleDetachTagsDocument = {"__meta__":{"hash":"sha256:d912bdbced463956444d23da5fa245aa9c34cced840c9457312a24a83ae77ca5"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConsoleDetachTags"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"taskId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"tagIds"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"detachTaskTags"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"taskId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"taskId"}}},{"kind":"Argument","name":{"kind":"Name","value":"tagIds"},"value":{"kind":"Variable","name":{"kind":"Name","value":"tagIds"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Task"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"DomainErrorFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DomainErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DomainError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"ids"}}]}}]} as unknown as DocumentNode<ConsoleDetachTagsMutation, ConsoleDetachTagsMutationVariables>;
export const ConsoleSetFieldValuesDocument = {"__meta__":{"hash":"sha256:0f745904c826611b7c202597494b08e69deaadc91a69208f79fe71ebf757d167"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConsoleSetFieldValues"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"taskId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"values"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CustomFieldValueInput"}}}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"expectedVersion"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"setTaskCustomFieldValues"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"taskId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"taskId"}}},{"kind":"Argument","name":{"kind":"Name","value":"values"},"value":{"kind":"Variable","name":{"kind":"Name","value":"values"}}},{"kind":"Argument","name":{"kind":"Name","value":"expectedVersion"},"value":{"kind":"Variable","name":{"kind":"Name","value":"expectedVersion"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Task"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"TaskConflict"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"DomainErrorFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DomainErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DomainError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"ids"}}]}}]} as unknown as DocumentNode<ConsoleSetFieldValuesMutation, ConsoleSetFieldValuesMutationVariables>;
export const ConsoleTeamsDocument = {"__meta__":{"hash":"sha256:f7b369e929360198e809ed512f1d872b21ec89486f1de0318e8422c01c541190"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConsoleTeams"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"teams"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"members"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"agent"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]}}]} as unknown as DocumentNode<ConsoleTeamsQuery, ConsoleTeamsQueryVariables>;
export const ConsoleAgentCapabilitiesDocument = {"__meta__":{"hash":"sha256:82dafc9ad38270572304a6885f6fb00bb33994dd01ed0694d360a96647c71fa0"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConsoleAgentCapabilities"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"agent"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"capabilities"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"proficiency"}}]}}]}}]}}]} as unknown as DocumentNode<ConsoleAgentCapabilitiesQuery, ConsoleAgentCapabilitiesQueryVariables>;
export const ConsoleCapabilitySearchDocument = {"__meta__":{"hash":"sha256:ed876abe592b7728ee2041788ad8bd246825e158cdc4c52b87ba98c573580aa0"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConsoleCapabilitySearch"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"capabilities"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"searchAgentsByCapabilities"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"capabilities"},"value":{"kind":"Variable","name":{"kind":"Name","value":"capabilities"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"20"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"score"}},{"kind":"Field","name":{"kind":"Name","value":"matchedCount"}},{"kind":"Field","name":{"kind":"Name","value":"agent"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}},{"kind":"Field","name":{"kind":"Name","value":"matched"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"proficiency"}}]}}]}}]}}]} as unknown as DocumentNode<ConsoleCapabilitySearchQuery, ConsoleCapabilitySearchQueryVariables>;
export const ConsoleCreateTeamDocument = {"__meta__":{"hash":"sha256:5d21c3d4b86dd80b7b97bd4f3a884fee777b3ae1e09b773a062f589cd5ea2116"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConsoleCreateTeam"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateTeamInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createTeam"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Team"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"DomainErrorFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DomainErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DomainError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"ids"}}]}}]} as unknown as DocumentNode<ConsoleCreateTeamMutation, ConsoleCreateTeamMutationVariables>;
export const ConsoleDeleteTeamDocument = {"__meta__":{"hash":"sha256:22af38ea929462284e2c03d0f2e002170e2d79612765ca56c89e324e41563ba3"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConsoleDeleteTeam"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deleteTeam"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DeleteTeamPayload"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deletedTeamId"}}]}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"DomainErrorFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DomainErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DomainError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"ids"}}]}}]} as unknown as DocumentNode<ConsoleDeleteTeamMutation, ConsoleDeleteTeamMutationVariables>;
export const ConsoleSetTeamMemberDocument = {"__meta__":{"hash":"sha256:dc2ade1f7f395b726c5f1171a6065bef82a10b434f2200ed256b61f4c4e4d7c6"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConsoleSetTeamMember"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"teamId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"agentId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"role"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"TeamRole"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"setTeamMember"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"teamId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"teamId"}}},{"kind":"Argument","name":{"kind":"Name","value":"agentId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"agentId"}}},{"kind":"Argument","name":{"kind":"Name","value":"role"},"value":{"kind":"Variable","name":{"kind":"Name","value":"role"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Team"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"DomainErrorFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DomainErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DomainError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"ids"}}]}}]} as unknown as DocumentNode<ConsoleSetTeamMemberMutation, ConsoleSetTeamMemberMutationVariables>;
export const ConsoleRemoveTeamMemberDocument = {"__meta__":{"hash":"sha256:36455485c32027e6067682ceabfdf22f8306eb0e7d910f3d6065cefa96712c58"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConsoleRemoveTeamMember"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"teamId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"agentId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"removeTeamMember"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"teamId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"teamId"}}},{"kind":"Argument","name":{"kind":"Name","value":"agentId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"agentId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Team"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"DomainErrorFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DomainErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DomainError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"ids"}}]}}]} as unknown as DocumentNode<ConsoleRemoveTeamMemberMutation, ConsoleRemoveTeamMemberMutationVariables>;
export const ConsoleSetCapabilitiesDocument = {"__meta__":{"hash":"sha256:e051240e95fa59b7beb2674fde7898adf9c763c70a776afa34fe2b968fa8c8c0"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConsoleSetCapabilities"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"agentId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"capabilities"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"AgentCapabilityInput"}}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"setAgentCapabilities"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"agentId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"agentId"}}},{"kind":"Argument","name":{"kind":"Name","value":"capabilities"},"value":{"kind":"Variable","name":{"kind":"Name","value":"capabilities"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Agent"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"DomainErrorFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DomainErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DomainError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"ids"}}]}}]} as unknown as DocumentNode<ConsoleSetCapabilitiesMutation, ConsoleSetCapabilitiesMutationVariables>;