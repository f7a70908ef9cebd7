/**
 * The one selection of a row of the chat support list (`pages/support.vue`): the `ConsoleChatSessions`
 * query and the `ConsoleChatSessionUpdated` subscription both spread `...ChatSessionRowFields`, so a
 * row from either has the same fields. Codegen adds this definition to each of them (nothing imports
 * this file); with fragment masking off the fields appear in their typed results directly.
 */
import { graphql } from '~/graphql/generated';

graphql(`
  fragment ChatSessionRowFields on ChatSession {
    id
    agentId
    h5UserId
    lastSequence
    lastMessageAt
    createdAt
    agent {
      name
    }
    h5User {
      displayName
    }
    lastMessage {
      text
      author
    }
  }
`);
