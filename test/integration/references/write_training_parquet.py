"""Writes the training rows given as JSON on stdin to a Parquet file with pyarrow.

Input: {"path": str, "row_group_size": int, "rows": [{...}]}. Column types are explicit so the
file has what real training sets have: INT64, DOUBLE with nulls, UTF-8 strings, BOOLEAN and a
UTC millisecond timestamp, in several snappy-compressed row groups.
"""
import json
import sys

import pyarrow as pa
import pyarrow.parquet as pq

SCHEMA = pa.schema(
    [
        ("id", pa.int64()),
        ("income", pa.float64()),
        ("region", pa.string()),
        ("gender", pa.string()),
        ("is_member", pa.bool_()),
        ("signup", pa.timestamp("ms", tz="UTC")),
        ("pred", pa.int64()),
        ("p", pa.float64()),
        ("y", pa.int64()),
    ]
)


def main() -> None:
    request = json.load(sys.stdin)
    columns = {field.name: [row.get(field.name) for row in request["rows"]] for field in SCHEMA}
    table = pa.Table.from_pydict(columns, schema=SCHEMA)
    pq.write_table(table, request["path"], row_group_size=request["row_group_size"], compression="snappy")
    metadata = pq.ParquetFile(request["path"]).metadata
    json.dump({"rows": metadata.num_rows, "row_groups": metadata.num_row_groups}, sys.stdout)


if __name__ == "__main__":
    main()
