/** The subscriptions live pages follow (typed by codegen like every other document). */
import { graphql } from '~/graphql/generated';

export const BoardEventsDocument = graphql(`
  subscription ConsoleBoardEvents($boardId: ID!, $after: Int) {
    boardEvents(boardId: $boardId, after: $after) {
      sequence
      type
      taskId
    }
  }
`);

export const ActivityEventsDocument = graphql(`
  subscription ConsoleActivityEvents($filter: ActivityStreamFilter, $after: Int) {
    activityEvents(filter: $filter, after: $after) {
      id
      sequence
      type
    }
  }
`);
