import { describe, expect, it } from 'vitest';
import { applyMove, draggedTaskId, groupByStatus, neighbour, planMove, type Status, withPending } from './kanban';

const task = (id: string, status: Status, version = 1) => ({ id, status, version });

describe('kanban logic', () => {
  it('groups tasks into the four status columns in order', () => {
    const columns = groupByStatus([task('a', 'DONE'), task('b', 'INBOX'), task('c', 'INBOX'), task('d', 'REVIEW')]);
    expect(Object.keys(columns)).toEqual(['INBOX', 'IN_PROGRESS', 'REVIEW', 'DONE']);
    expect(columns.INBOX.map((t) => t.id)).toEqual(['b', 'c']);
    expect(columns.IN_PROGRESS).toEqual([]);
    expect(columns.DONE.map((t) => t.id)).toEqual(['a']);
  });

  it('plans a move with the card version and ignores a drop on its own column', () => {
    expect(planMove(task('a', 'INBOX', 7), 'DONE')).toEqual({
      taskId: 'a',
      from: 'INBOX',
      to: 'DONE',
      expectedVersion: 7,
    });
    expect(planMove(task('a', 'INBOX'), 'INBOX')).toBeNull();
  });

  it('moves with the keyboard to neighbouring columns and stops at the edges', () => {
    expect(neighbour('INBOX', 1)).toBe('IN_PROGRESS');
    expect(neighbour('REVIEW', -1)).toBe('IN_PROGRESS');
    expect(neighbour('INBOX', -1)).toBeNull();
    expect(neighbour('DONE', 1)).toBeNull();
  });

  it('applies a move without touching the original list', () => {
    const tasks = [task('a', 'INBOX'), task('b', 'INBOX')];
    const moved = applyMove(tasks, { taskId: 'b', from: 'INBOX', to: 'REVIEW', expectedVersion: 1 });
    expect(moved.map((t) => t.status)).toEqual(['INBOX', 'REVIEW']);
    expect(tasks[1]?.status).toBe('INBOX');
  });

  it('overlays in-flight moves on server data until they settle', () => {
    const server = [task('a', 'INBOX'), task('b', 'DONE')];
    expect(withPending(server, new Map([['a', 'IN_PROGRESS']])).map((t) => t.status)).toEqual(['IN_PROGRESS', 'DONE']);
    expect(withPending(server, new Map()).map((t) => t.status)).toEqual(['INBOX', 'DONE']);
  });

  it('accepts only dragged ids of cards on this board', () => {
    const known = new Set(['a']);
    expect(draggedTaskId(' a ', known)).toBe('a');
    expect(draggedTaskId('https://evil.example/', known)).toBeNull();
  });
});
