/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
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

export type H5LoginInput = {
  email: string;
  organizationId?: string | number | null | undefined;
  organizationSlug?: string | null | undefined;
  password: string;
};

export type H5RegisterInput = {
  displayName: string;
  email: string;
  /** The organization, by id… */
  organizationId?: string | number | null | undefined;
  /** …or by slug */
  organizationSlug?: string | null | undefined;
  password: string;
};

export type SendMessageInput = {
  /** Chosen by the client once per message (≤ 100 characters); a retry with it returns the original */
  clientMessageId: string;
  sessionId: string | number;
  text: string;
};

export type UpdateH5ProfileInput = {
  /** Required to change the password */
  currentPassword?: string | null | undefined;
  displayName?: string | null | undefined;
  /** Changing it signs out every session */
  newPassword?: string | null | undefined;
};

export type H5LoginMutationVariables = Exact<{
  input: H5LoginInput;
}>;


export type H5LoginMutation = { h5Login:
    | { __typename: 'DomainError', code: string, message: string, field: string | null }
    | { __typename: 'H5Session', accessToken: string, accessTokenExpiresAt: string, refreshToken: string, refreshTokenExpiresAt: string, user: { id: string, email: string, displayName: string }, organization: { id: string, name: string } }
   };

export type H5RegisterMutationVariables = Exact<{
  input: H5RegisterInput;
}>;


export type H5RegisterMutation = { h5Register:
    | { __typename: 'DomainError', code: string, message: string, field: string | null }
    | { __typename: 'H5Session', accessToken: string, accessTokenExpiresAt: string, refreshToken: string, refreshTokenExpiresAt: string, user: { id: string, email: string, displayName: string }, organization: { id: string, name: string } }
   };

export type H5RefreshMutationVariables = Exact<{
  refreshToken: string;
}>;


export type H5RefreshMutation = { h5Refresh:
    | { __typename: 'DomainError', code: string, message: string }
    | { __typename: 'H5Session', accessToken: string, accessTokenExpiresAt: string, refreshToken: string, refreshTokenExpiresAt: string, user: { id: string, email: string, displayName: string }, organization: { id: string, name: string } }
   };

export type H5LogoutMutationVariables = Exact<{
  refreshToken: string;
}>;


export type H5LogoutMutation = { h5Logout: boolean };

export type UpdateH5ProfileMutationVariables = Exact<{
  input: UpdateH5ProfileInput;
}>;


export type UpdateH5ProfileMutation = { updateH5Profile:
    | { __typename: 'DomainError', code: string, message: string, field: string | null }
    | { __typename: 'H5User', id: string, displayName: string }
   };

export type MyChatAssignmentsQueryVariables = Exact<{ [key: string]: never; }>;


export type MyChatAssignmentsQuery = { myChatAssignments: Array<{ id: string, agentId: string, agent: { id: string, name: string, online: boolean, status: string } | null, session: { id: string, lastSequence: number, lastMessageAt: string | null } | null }> };

export type OpenChatSessionMutationVariables = Exact<{
  agentId: string | number;
}>;


export type OpenChatSessionMutation = { openChatSession:
    | { __typename: 'ChatSession', id: string, lastSequence: number, agent: { id: string, name: string, online: boolean, status: string } | null }
    | { __typename: 'DomainError', code: string, message: string }
   };

export type ChatHistoryQueryVariables = Exact<{
  id: string | number;
  before?: string | null | undefined;
}>;


export type ChatHistoryQuery = { chatSession: { id: string, messages: { nodes: Array<{ id: string, sequence: number, author: ChatMessageAuthor, text: string, status: ChatMessageStatus, clientMessageId: string | null, runId: string | null, error: string | null, createdAt: string, updatedAt: string }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } } };

export type ChatSessionHeadQueryVariables = Exact<{
  id: string | number;
}>;


export type ChatSessionHeadQuery = { chatSession: { id: string, lastSequence: number } };

export type SendMessageMutationVariables = Exact<{
  input: SendMessageInput;
}>;


export type SendMessageMutation = { sendMessage:
    | { __typename: 'ChatMessage', id: string, sessionId: string, sequence: number, author: ChatMessageAuthor, text: string, status: ChatMessageStatus, clientMessageId: string | null, runId: string | null, error: string | null, createdAt: string, updatedAt: string }
    | { __typename: 'DomainError', code: string, message: string, retryAfterSeconds: number | null }
   };

export type SetChatTypingMutationVariables = Exact<{
  sessionId: string | number;
  typing: boolean;
}>;


export type SetChatTypingMutation = { setChatTyping: boolean };

export type ChatEventsSubscriptionVariables = Exact<{
  sessionId: string | number;
  after?: number | null | undefined;
}>;


export type ChatEventsSubscription = { chatEvents: { type: ChatEventType, sequence: number | null, message: { id: string, sequence: number, author: ChatMessageAuthor, text: string, status: ChatMessageStatus, clientMessageId: string | null, runId: string | null, error: string | null, createdAt: string, updatedAt: string } | null, delta: { runId: string, text: string, sequence: number | null } | null, typing: { author: ChatMessageAuthor, typing: boolean } | null, presence: { online: boolean, status: string } | null } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}

export const H5LoginDocument = new TypedDocumentString(`
    mutation H5Login($input: H5LoginInput!) {
  h5Login(input: $input) {
    __typename
    ... on H5Session {
      accessToken
      accessTokenExpiresAt
      refreshToken
      refreshTokenExpiresAt
      user {
        id
        email
        displayName
      }
      organization {
        id
        name
      }
    }
    ... on DomainError {
      code
      message
      field
    }
  }
}
    `, {"hash":"sha256:c2917851d5426182928bb605d4a2fc479b8b299f0853749a1c4cc8db1fbff497"}) as unknown as TypedDocumentString<H5LoginMutation, H5LoginMutationVariables>;
export const H5RegisterDocument = new TypedDocumentString(`
    mutation H5Register($input: H5RegisterInput!) {
  h5Register(input: $input) {
    __typename
    ... on H5Session {
      accessToken
      accessTokenExpiresAt
      refreshToken
      refreshTokenExpiresAt
      user {
        id
        email
        displayName
      }
      organization {
        id
        name
      }
    }
    ... on DomainError {
      code
      message
      field
    }
  }
}
    `, {"hash":"sha256:8ccc8c8210c8267adb857d3085443866c43a84af36919994664c2f83670bbb2c"}) as unknown as TypedDocumentString<H5RegisterMutation, H5RegisterMutationVariables>;
export const H5RefreshDocument = new TypedDocumentString(`
    mutation H5Refresh($refreshToken: String!) {
  h5Refresh(refreshToken: $refreshToken) {
    __typename
    ... on H5Session {
      accessToken
      accessTokenExpiresAt
      refreshToken
      refreshTokenExpiresAt
      user {
        id
        email
        displayName
      }
      organization {
        id
        name
      }
    }
    ... on DomainError {
      code
      message
    }
  }
}
    `, {"hash":"sha256:087093fa0b0b226dd8a9dd3fc64dad96b306dc0f10beb4229d3b9a9d570e5f0c"}) as unknown as TypedDocumentString<H5RefreshMutation, H5RefreshMutationVariables>;
export const H5LogoutDocument = new TypedDocumentString(`
    mutation H5Logout($refreshToken: String!) {
  h5Logout(refreshToken: $refreshToken)
}
    `, {"hash":"sha256:c275361241ce046ac187e5152079965287ff2ee1aaf6e0436e1cfb2410654981"}) as unknown as TypedDocumentString<H5LogoutMutation, H5LogoutMutationVariables>;
export const UpdateH5ProfileDocument = new TypedDocumentString(`
    mutation UpdateH5Profile($input: UpdateH5ProfileInput!) {
  updateH5Profile(input: $input) {
    __typename
    ... on H5User {
      id
      displayName
    }
    ... on DomainError {
      code
      message
      field
    }
  }
}
    `, {"hash":"sha256:b9ee792d6c7f8bee35b79bda99c242dc919ffc6fd26e2628caffeb87c2004c02"}) as unknown as TypedDocumentString<UpdateH5ProfileMutation, UpdateH5ProfileMutationVariables>;
export const MyChatAssignmentsDocument = new TypedDocumentString(`
    query MyChatAssignments {
  myChatAssignments {
    id
    agentId
    agent {
      id
      name
      online
      status
    }
    session {
      id
      lastSequence
      lastMessageAt
    }
  }
}
    `, {"hash":"sha256:79c9ac176e96d9ee0b6196a0d0d408de61eee13a38bb52750d42c7562b545e50"}) as unknown as TypedDocumentString<MyChatAssignmentsQuery, MyChatAssignmentsQueryVariables>;
export const OpenChatSessionDocument = new TypedDocumentString(`
    mutation OpenChatSession($agentId: ID!) {
  openChatSession(agentId: $agentId) {
    __typename
    ... on ChatSession {
      id
      lastSequence
      agent {
        id
        name
        online
        status
      }
    }
    ... on DomainError {
      code
      message
    }
  }
}
    `, {"hash":"sha256:bc2216b440d4a549dd391b05abc1d052084d4d31a3932964c890d851e3ea5dc2"}) as unknown as TypedDocumentString<OpenChatSessionMutation, OpenChatSessionMutationVariables>;
export const ChatHistoryDocument = new TypedDocumentString(`
    query ChatHistory($id: ID!, $before: String) {
  chatSession(id: $id) {
    id
    messages(first: 50, after: $before, newestFirst: true) {
      nodes {
        id
        sequence
        author
        text
        status
        clientMessageId
        runId
        error
        createdAt
        updatedAt
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
}
    `, {"hash":"sha256:54fa87ade0af7b991f799d4c78149ca32ab4221b24bb198d710d02326493600a"}) as unknown as TypedDocumentString<ChatHistoryQuery, ChatHistoryQueryVariables>;
export const ChatSessionHeadDocument = new TypedDocumentString(`
    query ChatSessionHead($id: ID!) {
  chatSession(id: $id) {
    id
    lastSequence
  }
}
    `, {"hash":"sha256:3d2f17745a7ac8ccb292e4cce412094624006d4090ffdb1d68536e8d07a11766"}) as unknown as TypedDocumentString<ChatSessionHeadQuery, ChatSessionHeadQueryVariables>;
export const SendMessageDocument = new TypedDocumentString(`
    mutation SendMessage($input: SendMessageInput!) {
  sendMessage(input: $input) {
    __typename
    ... on ChatMessage {
      id
      sessionId
      sequence
      author
      text
      status
      clientMessageId
      runId
      error
      createdAt
      updatedAt
    }
    ... on DomainError {
      code
      message
      retryAfterSeconds
    }
  }
}
    `, {"hash":"sha256:435967ca3ffee77ba47c7890774c5891822ccca679ae1052019de290e34775c3"}) as unknown as TypedDocumentString<SendMessageMutation, SendMessageMutationVariables>;
export const SetChatTypingDocument = new TypedDocumentString(`
    mutation SetChatTyping($sessionId: ID!, $typing: Boolean!) {
  setChatTyping(sessionId: $sessionId, typing: $typing)
}
    `, {"hash":"sha256:3c7331a4555d9d52a531822889a1097be67fe59048c93f585c876d4a5878d2ca"}) as unknown as TypedDocumentString<SetChatTypingMutation, SetChatTypingMutationVariables>;
export const ChatEventsDocument = new TypedDocumentString(`
    subscription ChatEvents($sessionId: ID!, $after: Int) {
  chatEvents(sessionId: $sessionId, after: $after) {
    type
    sequence
    message {
      id
      sequence
      author
      text
      status
      clientMessageId
      runId
      error
      createdAt
      updatedAt
    }
    delta {
      runId
      text
      sequence
    }
    typing {
      author
      typing
    }
    presence {
      online
      status
    }
  }
}
    `, {"hash":"sha256:346873c391a126c59ab5aaf2944588fdf39c59147466fa9a7413fd3a3b108f9c"}) as unknown as TypedDocumentString<ChatEventsSubscription, ChatEventsSubscriptionVariables>;