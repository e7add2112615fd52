"""A Python model server publishing Vigil events, as the SDK README tells Python users to.

Reads prediction and outcome events (JSON lines: {"kind": "prediction"|"outcome", "event": {...}})
from --events and publishes them with confluent-kafka: Avro through the schema registry's
AvroSerializer (subject "<topic>-value", schemas from schemas/*.avsc), or plain UTF-8 JSON.
Key = model id; partitioner murmur2_random so a key lands in the same partition as with the
Java client and the TypeScript SDK. Prints one JSON summary line on stdout.

Usage: publish_python.py --brokers HOST:PORT --encoding avro|json --predictions-topic T
       --outcomes-topic T --events FILE [--registry URL]
"""

import argparse
import json
import pathlib
import sys

from confluent_kafka import Producer
from confluent_kafka.schema_registry import SchemaRegistryClient
from confluent_kafka.schema_registry.avro import AvroSerializer
from confluent_kafka.serialization import MessageField, SerializationContext

SCHEMAS = pathlib.Path(__file__).resolve().parents[2] / "schemas"
SCHEMA_FILES = {"prediction": "prediction-event.avsc", "outcome": "outcome-event.avsc"}


def read_schema(kind):
    # Compact JSON, byte-identical to what the TypeScript side registers (JSON.stringify of the file).
    parsed = json.loads((SCHEMAS / SCHEMA_FILES[kind]).read_text(encoding="utf-8"))
    return json.dumps(parsed, separators=(",", ":"), ensure_ascii=False)


def build_serializers(registry_url):
    registry = SchemaRegistryClient({"url": registry_url})
    return {
        kind: AvroSerializer(registry, read_schema(kind), conf={"auto.register.schemas": True})
        for kind in SCHEMA_FILES
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--brokers", required=True)
    parser.add_argument("--registry")
    parser.add_argument("--encoding", choices=["avro", "json"], required=True)
    parser.add_argument("--predictions-topic", required=True)
    parser.add_argument("--outcomes-topic", required=True)
    parser.add_argument("--events", required=True)
    args = parser.parse_args()
    if args.encoding == "avro" and not args.registry:
        parser.error("--registry is required for Avro")

    topics = {"prediction": args.predictions_topic, "outcome": args.outcomes_topic}
    serializers = build_serializers(args.registry) if args.encoding == "avro" else None
    producer = Producer({
        "bootstrap.servers": args.brokers,
        "partitioner": "murmur2_random",
        "enable.idempotence": True,
        "compression.type": "gzip",
        "linger.ms": 20,
    })

    failures = []

    def on_delivery(error, _message):
        if error is not None:
            failures.append(str(error))

    published = {"prediction": 0, "outcome": 0}
    with open(args.events, encoding="utf-8") as lines:
        for line in lines:
            if not line.strip():
                continue
            record = json.loads(line)
            kind, event = record["kind"], record["event"]
            topic = topics[kind]
            if serializers is None:
                value = json.dumps(event, separators=(",", ":")).encode("utf-8")
            else:
                value = serializers[kind](event, SerializationContext(topic, MessageField.VALUE))
            producer.produce(topic, key=event["modelId"].encode("utf-8"), value=value, on_delivery=on_delivery)
            producer.poll(0)
            published[kind] += 1

    remaining = producer.flush(30)
    print(json.dumps({"published": published, "undelivered": remaining, "failures": failures[:5]}))
    return 0 if remaining == 0 and not failures else 1


if __name__ == "__main__":
    sys.exit(main())
