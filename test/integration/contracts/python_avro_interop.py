"""Encodes or decodes Vigil events the way a Python model server would: confluent-kafka's
AvroSerializer / AvroDeserializer with default settings (TopicNameStrategy, auto-register).

    python_avro_interop.py REGISTRY_URL < requests.json > responses.json

requests.json is a list of {"mode": "encode", "topic", "schemaFile", "event"} or
{"mode": "decode", "topic", "schemaFile", "hex"}; each response is {"hex"} or {"event"}.
"""
import json
import sys

from confluent_kafka.schema_registry import SchemaRegistryClient
from confluent_kafka.schema_registry.avro import AvroDeserializer, AvroSerializer
from confluent_kafka.serialization import MessageField, SerializationContext


def to_millis(event: dict) -> dict:
    # timestamp-millis fields come back as datetime; the contract carries epoch milliseconds.
    return {k: round(v.timestamp() * 1000) if hasattr(v, "timestamp") else v for k, v in event.items()}


def main() -> None:
    client = SchemaRegistryClient({"url": sys.argv[1]})
    responses = []
    for request in json.load(sys.stdin):
        with open(request["schemaFile"], encoding="utf-8") as f:
            schema_str = f.read()
        context = SerializationContext(request["topic"], MessageField.VALUE)
        if request["mode"] == "encode":
            responses.append({"hex": AvroSerializer(client, schema_str)(request["event"], context).hex()})
        else:
            event = AvroDeserializer(client, schema_str)(bytes.fromhex(request["hex"]), context)
            responses.append({"event": to_millis(event)})
    json.dump(responses, sys.stdout)


if __name__ == "__main__":
    main()
