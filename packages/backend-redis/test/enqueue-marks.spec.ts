import { EnqueueMarks } from '../src/producer/enqueue-marks';

describe('EnqueueMarks', () => {
  it('gives a retry of a call whose reply never came the same token, and any other call a new one', () => {
    const marks = new EnqueueMarks(60_000);
    const first = marks.prepare('m').token;
    marks.unknown('m', first);
    expect(marks.prepare('m').token).toBe(first);
    marks.answered('m');
    expect(marks.prepare('m').token).not.toBe(first);
  });

  it('deletes answered marks 32 at a time, but never the mark of a call that went unanswered', () => {
    const marks = new EnqueueMarks(60_000);
    marks.unknown('lost', marks.prepare('lost').token);
    marks.answered('lost'); // its first try may still run: the mark stays until it expires
    for (let i = 0; i < 31; i++) marks.answered(`m${i}`);
    expect(marks.prepare('next').toDelete).toEqual([]);
    marks.answered('m31');
    marks.answered('m32');
    const { toDelete } = marks.prepare('m0'); // m0 is written again now: not deleted
    expect(toDelete).toHaveLength(32);
    expect(toDelete).not.toContain('m0');
    expect(toDelete).not.toContain('lost');
    expect(marks.prepare('other').toDelete).toEqual([]);
  });

  it('names a batch by its event id, or by a digest of its ids in order', () => {
    expect(EnqueueMarks.batchId(['a'])).toBe('a');
    expect(EnqueueMarks.batchId(['a', 'b'])).not.toBe(EnqueueMarks.batchId(['b', 'a']));
    expect(EnqueueMarks.batchId(['a', 'b'])).toMatch(/^[\w-]{27}$/);
  });
});
