/** The chat operations of the phone: assignments, sessions, history, sends and the live feed. */
import { graphql } from '../../graphql/generated/index.ts';

export const MY_ASSIGNMENTS = graphql(`
  query MyChatAssignments {
    myChatAssignments {
      id
      agentId
      agent { id name online status }
      session { id lastSequence lastMessageAt }
    }
  }
`);

export const OPEN_SESSION = graphql(`
  mutation OpenChatSession($agentId: ID!) {
    openChatSession(agentId: $agentId) {
      __typename
      ... on ChatSession { id lastSequence agent { id name online status } }
      ... on DomainError { code message }
    }
  }
`);

export const SESSION_HISTORY = graphql(`
  query ChatHistory($id: ID!, $before: String) {
    chatSession(id: $id) {
      id
      messages(first: 50, after: $before, newestFirst: true) {
        nodes { id sequence author text status clientMessageId runId error createdAt updatedAt }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
`);

/** Read before the history: events after this position are replayed by the subscription. */
export const SESSION_HEAD = graphql(`
  query ChatSessionHead($id: ID!) {
    chatSession(id: $id) { id lastSequence }
  }
`);

export const SEND_MESSAGE = graphql(`
  mutation SendMessage($input: SendMessageInput!) {
    sendMessage(input: $input) {
      __typename
      ... on ChatMessage { id sessionId sequence author text status clientMessageId runId error createdAt updatedAt }
      ... on DomainError { code message retryAfterSeconds }
    }
  }
`);

export const SET_TYPING = graphql(`
  mutation SetChatTyping($sessionId: ID!, $typing: Boolean!) {
    setChatTyping(sessionId: $sessionId, typing: $typing)
  }
`);

export const CHAT_EVENTS = graphql(`
  subscription ChatEvents($sessionId: ID!, $after: Int) {
    chatEvents(sessionId: $sessionId, after: $after) {
      type
      sequence
      message { id sequence author text status clientMessageId runId error createdAt updatedAt }
      delta { runId text sequence }
      typing { author typing }
      presence { online status }
    }
  }
`);
