/* eslint-disable */
import * as types from './graphql.js';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  mutation H5Login($input: H5LoginInput!) {\n    h5Login(input: $input) {\n      __typename\n      ... on H5Session { accessToken accessTokenExpiresAt refreshToken refreshTokenExpiresAt\n        user { id email displayName } organization { id name } }\n      ... on DomainError { code message field }\n    }\n  }\n": typeof types.H5LoginDocument,
    "\n  mutation H5Register($input: H5RegisterInput!) {\n    h5Register(input: $input) {\n      __typename\n      ... on H5Session { accessToken accessTokenExpiresAt refreshToken refreshTokenExpiresAt\n        user { id email displayName } organization { id name } }\n      ... on DomainError { code message field }\n    }\n  }\n": typeof types.H5RegisterDocument,
    "\n  mutation H5Refresh($refreshToken: String!) {\n    h5Refresh(refreshToken: $refreshToken) {\n      __typename\n      ... on H5Session { accessToken accessTokenExpiresAt refreshToken refreshTokenExpiresAt\n        user { id email displayName } organization { id name } }\n      ... on DomainError { code message }\n    }\n  }\n": typeof types.H5RefreshDocument,
    "\n  mutation H5Logout($refreshToken: String!) {\n    h5Logout(refreshToken: $refreshToken)\n  }\n": typeof types.H5LogoutDocument,
    "\n  mutation UpdateH5Profile($input: UpdateH5ProfileInput!) {\n    updateH5Profile(input: $input) {\n      __typename\n      ... on H5User { id displayName }\n      ... on DomainError { code message field }\n    }\n  }\n": typeof types.UpdateH5ProfileDocument,
    "\n  query MyChatAssignments {\n    myChatAssignments {\n      id\n      agentId\n      agent { id name online status }\n      session { id lastSequence lastMessageAt }\n    }\n  }\n": typeof types.MyChatAssignmentsDocument,
    "\n  mutation OpenChatSession($agentId: ID!) {\n    openChatSession(agentId: $agentId) {\n      __typename\n      ... on ChatSession { id lastSequence agent { id name online status } }\n      ... on DomainError { code message }\n    }\n  }\n": typeof types.OpenChatSessionDocument,
    "\n  query ChatHistory($id: ID!, $before: String) {\n    chatSession(id: $id) {\n      id\n      messages(first: 50, after: $before, newestFirst: true) {\n        nodes { id sequence author text status clientMessageId runId error createdAt updatedAt }\n        pageInfo { hasNextPage endCursor }\n      }\n    }\n  }\n": typeof types.ChatHistoryDocument,
    "\n  query ChatSessionHead($id: ID!) {\n    chatSession(id: $id) { id lastSequence }\n  }\n": typeof types.ChatSessionHeadDocument,
    "\n  mutation SendMessage($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      __typename\n      ... on ChatMessage { id sessionId sequence author text status clientMessageId runId error createdAt updatedAt }\n      ... on DomainError { code message retryAfterSeconds }\n    }\n  }\n": typeof types.SendMessageDocument,
    "\n  mutation SetChatTyping($sessionId: ID!, $typing: Boolean!) {\n    setChatTyping(sessionId: $sessionId, typing: $typing)\n  }\n": typeof types.SetChatTypingDocument,
    "\n  subscription ChatEvents($sessionId: ID!, $after: Int) {\n    chatEvents(sessionId: $sessionId, after: $after) {\n      type\n      sequence\n      message { id sequence author text status clientMessageId runId error createdAt updatedAt }\n      delta { runId text sequence }\n      typing { author typing }\n      presence { online status }\n    }\n  }\n": typeof types.ChatEventsDocument,
};
const documents: Documents = {
    "\n  mutation H5Login($input: H5LoginInput!) {\n    h5Login(input: $input) {\n      __typename\n      ... on H5Session { accessToken accessTokenExpiresAt refreshToken refreshTokenExpiresAt\n        user { id email displayName } organization { id name } }\n      ... on DomainError { code message field }\n    }\n  }\n": types.H5LoginDocument,
    "\n  mutation H5Register($input: H5RegisterInput!) {\n    h5Register(input: $input) {\n      __typename\n      ... on H5Session { accessToken accessTokenExpiresAt refreshToken refreshTokenExpiresAt\n        user { id email displayName } organization { id name } }\n      ... on DomainError { code message field }\n    }\n  }\n": types.H5RegisterDocument,
    "\n  mutation H5Refresh($refreshToken: String!) {\n    h5Refresh(refreshToken: $refreshToken) {\n      __typename\n      ... on H5Session { accessToken accessTokenExpiresAt refreshToken refreshTokenExpiresAt\n        user { id email displayName } organization { id name } }\n      ... on DomainError { code message }\n    }\n  }\n": types.H5RefreshDocument,
    "\n  mutation H5Logout($refreshToken: String!) {\n    h5Logout(refreshToken: $refreshToken)\n  }\n": types.H5LogoutDocument,
    "\n  mutation UpdateH5Profile($input: UpdateH5ProfileInput!) {\n    updateH5Profile(input: $input) {\n      __typename\n      ... on H5User { id displayName }\n      ... on DomainError { code message field }\n    }\n  }\n": types.UpdateH5ProfileDocument,
    "\n  query MyChatAssignments {\n    myChatAssignments {\n      id\n      agentId\n      agent { id name online status }\n      session { id lastSequence lastMessageAt }\n    }\n  }\n": types.MyChatAssignmentsDocument,
    "\n  mutation OpenChatSession($agentId: ID!) {\n    openChatSession(agentId: $agentId) {\n      __typename\n      ... on ChatSession { id lastSequence agent { id name online status } }\n      ... on DomainError { code message }\n    }\n  }\n": types.OpenChatSessionDocument,
    "\n  query ChatHistory($id: ID!, $before: String) {\n    chatSession(id: $id) {\n      id\n      messages(first: 50, after: $before, newestFirst: true) {\n        nodes { id sequence author text status clientMessageId runId error createdAt updatedAt }\n        pageInfo { hasNextPage endCursor }\n      }\n    }\n  }\n": types.ChatHistoryDocument,
    "\n  query ChatSessionHead($id: ID!) {\n    chatSession(id: $id) { id lastSequence }\n  }\n": types.ChatSessionHeadDocument,
    "\n  mutation SendMessage($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      __typename\n      ... on ChatMessage { id sessionId sequence author text status clientMessageId runId error createdAt updatedAt }\n      ... on DomainError { code message retryAfterSeconds }\n    }\n  }\n": types.SendMessageDocument,
    "\n  mutation SetChatTyping($sessionId: ID!, $typing: Boolean!) {\n    setChatTyping(sessionId: $sessionId, typing: $typing)\n  }\n": types.SetChatTypingDocument,
    "\n  subscription ChatEvents($sessionId: ID!, $after: Int) {\n    chatEvents(sessionId: $sessionId, after: $after) {\n      type\n      sequence\n      message { id sequence author text status clientMessageId runId error createdAt updatedAt }\n      delta { runId text sequence }\n      typing { author typing }\n      presence { online status }\n    }\n  }\n": types.ChatEventsDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation H5Login($input: H5LoginInput!) {\n    h5Login(input: $input) {\n      __typename\n      ... on H5Session { accessToken accessTokenExpiresAt refreshToken refreshTokenExpiresAt\n        user { id email displayName } organization { id name } }\n      ... on DomainError { code message field }\n    }\n  }\n"): typeof import('./graphql.js').H5LoginDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation H5Register($input: H5RegisterInput!) {\n    h5Register(input: $input) {\n      __typename\n      ... on H5Session { accessToken accessTokenExpiresAt refreshToken refreshTokenExpiresAt\n        user { id email displayName } organization { id name } }\n      ... on DomainError { code message field }\n    }\n  }\n"): typeof import('./graphql.js').H5RegisterDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation H5Refresh($refreshToken: String!) {\n    h5Refresh(refreshToken: $refreshToken) {\n      __typename\n      ... on H5Session { accessToken accessTokenExpiresAt refreshToken refreshTokenExpiresAt\n        user { id email displayName } organization { id name } }\n      ... on DomainError { code message }\n    }\n  }\n"): typeof import('./graphql.js').H5RefreshDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation H5Logout($refreshToken: String!) {\n    h5Logout(refreshToken: $refreshToken)\n  }\n"): typeof import('./graphql.js').H5LogoutDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateH5Profile($input: UpdateH5ProfileInput!) {\n    updateH5Profile(input: $input) {\n      __typename\n      ... on H5User { id displayName }\n      ... on DomainError { code message field }\n    }\n  }\n"): typeof import('./graphql.js').UpdateH5ProfileDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MyChatAssignments {\n    myChatAssignments {\n      id\n      agentId\n      agent { id name online status }\n      session { id lastSequence lastMessageAt }\n    }\n  }\n"): typeof import('./graphql.js').MyChatAssignmentsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation OpenChatSession($agentId: ID!) {\n    openChatSession(agentId: $agentId) {\n      __typename\n      ... on ChatSession { id lastSequence agent { id name online status } }\n      ... on DomainError { code message }\n    }\n  }\n"): typeof import('./graphql.js').OpenChatSessionDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ChatHistory($id: ID!, $before: String) {\n    chatSession(id: $id) {\n      id\n      messages(first: 50, after: $before, newestFirst: true) {\n        nodes { id sequence author text status clientMessageId runId error createdAt updatedAt }\n        pageInfo { hasNextPage endCursor }\n      }\n    }\n  }\n"): typeof import('./graphql.js').ChatHistoryDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ChatSessionHead($id: ID!) {\n    chatSession(id: $id) { id lastSequence }\n  }\n"): typeof import('./graphql.js').ChatSessionHeadDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SendMessage($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      __typename\n      ... on ChatMessage { id sessionId sequence author text status clientMessageId runId error createdAt updatedAt }\n      ... on DomainError { code message retryAfterSeconds }\n    }\n  }\n"): typeof import('./graphql.js').SendMessageDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetChatTyping($sessionId: ID!, $typing: Boolean!) {\n    setChatTyping(sessionId: $sessionId, typing: $typing)\n  }\n"): typeof import('./graphql.js').SetChatTypingDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ChatEvents($sessionId: ID!, $after: Int) {\n    chatEvents(sessionId: $sessionId, after: $after) {\n      type\n      sequence\n      message { id sequence author text status clientMessageId runId error createdAt updatedAt }\n      delta { runId text sequence }\n      typing { author typing }\n      presence { online status }\n    }\n  }\n"): typeof import('./graphql.js').ChatEventsDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
