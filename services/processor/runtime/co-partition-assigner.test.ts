import { AssignerProtocol } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { assignPartitionNumbers, coPartitionAssigner } from './co-partition-assigner.js';

const topics = ['predictions', 'outcomes'];

describe('the co-partitioning assigner', () => {
  it('gives each member the same partition numbers of both topics', () => {
    const members = ['b', 'a', 'c'].map((memberId) => ({ memberId, topics }));
    const assignment = assignPartitionNumbers(members, { predictions: 6, outcomes: 6 });
    expect(Object.fromEntries(assignment)).toEqual({
      a: { predictions: [0, 3], outcomes: [0, 3] },
      b: { predictions: [1, 4], outcomes: [1, 4] },
      c: { predictions: [2, 5], outcomes: [2, 5] },
    });
  });

  it('assigns every partition of every topic exactly once, also when the counts differ', () => {
    const members = ['m1', 'm2'].map((memberId) => ({ memberId, topics }));
    const assignment = assignPartitionNumbers(members, { predictions: 5, outcomes: 3 });
    const owned = (topic: string) => [...assignment.values()].flatMap((byTopic) => byTopic[topic] ?? []).sort();
    expect(owned('predictions')).toEqual([0, 1, 2, 3, 4]);
    expect(owned('outcomes')).toEqual([0, 1, 2]);
    for (const byTopic of assignment.values()) {
      for (const partition of byTopic.outcomes ?? []) expect(byTopic.predictions).toContain(partition);
    }
  });

  it('leaves members beyond the partition count without partitions', () => {
    const members = ['a', 'b', 'c'].map((memberId) => ({ memberId, topics }));
    const assignment = assignPartitionNumbers(members, { predictions: 2, outcomes: 2 });
    expect(assignment.get('c')).toEqual({});
  });

  it('encodes assignments kafkajs can decode', async () => {
    const cluster = { findTopicPartitionMetadata: () => [{ partitionId: 0 }, { partitionId: 1 }] };
    const assigner = coPartitionAssigner({ cluster, groupId: 'g', logger: undefined } as never);
    const metadata = assigner.protocol({ topics }).metadata;
    const result = await assigner.assign({ members: [{ memberId: 'x', memberMetadata: metadata }], topics });
    expect(result).toHaveLength(1);
    expect(AssignerProtocol.MemberAssignment.decode(result[0]!.memberAssignment)?.assignment).toEqual({ predictions: [0, 1], outcomes: [0, 1] });
  });
});
