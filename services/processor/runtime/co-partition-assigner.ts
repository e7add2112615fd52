import { AssignerProtocol, type PartitionAssigner } from 'kafkajs';

export const CO_PARTITION_ASSIGNER_NAME = 'VigilCoPartitionAssigner';

export interface GroupMemberTopics {
  readonly memberId: string;
  readonly topics: readonly string[];
}

/**
 * Partition numbers to members: number n goes to the n-th member (sorted by id) modulo the
 * member count, and that member gets partition n of *every* topic it subscribes that has one.
 * So a model's predictions and outcomes (same key, same partition number) meet in one member.
 */
export function assignPartitionNumbers(
  members: readonly GroupMemberTopics[],
  partitionCounts: Readonly<Record<string, number>>,
): Map<string, Record<string, number[]>> {
  const sorted = [...members].sort((a, b) => (a.memberId < b.memberId ? -1 : a.memberId > b.memberId ? 1 : 0));
  const assignment = new Map<string, Record<string, number[]>>(sorted.map((m) => [m.memberId, {}]));
  if (sorted.length === 0) return assignment;
  const numbers = Math.max(0, ...Object.values(partitionCounts));
  for (let partition = 0; partition < numbers; partition++) {
    const member = sorted[partition % sorted.length];
    if (member === undefined) continue;
    const topics = assignment.get(member.memberId) ?? {};
    for (const topic of member.topics) {
      if (partition >= (partitionCounts[topic] ?? 0)) continue;
      (topics[topic] ??= []).push(partition);
    }
  }
  return assignment;
}

/**
 * kafkajs assigner built on `assignPartitionNumbers`. Every member must run it (the group
 * protocol is chosen by name), so a mixed deployment with the round-robin assigner is refused
 * by the broker rather than silently splitting a model's two topics across members.
 */
export const coPartitionAssigner: PartitionAssigner = ({ cluster }) => ({
  name: CO_PARTITION_ASSIGNER_NAME,
  version: 1,
  assign({ members, topics }) {
    const partitionCounts: Record<string, number> = {};
    for (const topic of topics) partitionCounts[topic] = cluster.findTopicPartitionMetadata(topic).length;
    const decoded = members.map(({ memberId, memberMetadata }) => {
      const metadata = AssignerProtocol.MemberMetadata.decode(memberMetadata);
      const subscribed = metadata?.topics.filter((t) => t in partitionCounts) ?? [...topics];
      return { memberId, topics: subscribed };
    });
    const assignment = assignPartitionNumbers(decoded, partitionCounts);
    return Promise.resolve(
      [...assignment].map(([memberId, byTopic]) => ({
        memberId,
        memberAssignment: AssignerProtocol.MemberAssignment.encode({ version: 1, assignment: byTopic, userData: Buffer.alloc(0) }),
      })),
    );
  },
  protocol({ topics }) {
    return { name: CO_PARTITION_ASSIGNER_NAME, metadata: AssignerProtocol.MemberMetadata.encode({ version: 1, topics, userData: Buffer.alloc(0) }) };
  },
});
