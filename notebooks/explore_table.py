# Databricks notebook source
# MAGIC %md
# MAGIC # Explore a loaded table
# MAGIC
# MAGIC Shows a Delta table the job loaded, next to the export's manifest: the table's history (`DESCRIBE HISTORY`),
# MAGIC its schema against the manifest's, and its row count against the manifest's `rowCount`.
# MAGIC
# MAGIC * `table`: a table name (`catalog.schema.table`) or a Delta folder (`abfss://…`, `/mnt/…`, `/Volumes/…`).
# MAGIC * `manifest`: the export's `manifest.json`, or its folder.

# COMMAND ----------

import json

dbutils.widgets.text("table", "", "Table name or Delta folder")
dbutils.widgets.text("manifest", "", "manifest.json (or its folder)")

table = dbutils.widgets.get("table").strip()
manifest_location = dbutils.widgets.get("manifest").strip()
if not table:
    raise ValueError("set the 'table' widget")


def quote_identifier(name):
    """Backtick-quotes each part of a dotted name, doubling backticks, so a name cannot inject SQL."""
    return ".".join("`" + part.replace("`", "``") + "`" for part in name.split("."))


def table_reference(name_or_path):
    if "/" in name_or_path or ":" in name_or_path:
        return "delta.`" + name_or_path.replace("`", "``") + "`"
    return quote_identifier(name_or_path)


reference = table_reference(table)
print(f"table: {reference}")

# COMMAND ----------

# MAGIC %md
# MAGIC ## History
# MAGIC One row per commit. The job's loads show `userMetadata` = the export id, and `txn` keeps a re-run from loading
# MAGIC the same export twice.

# COMMAND ----------

history = spark.sql(f"DESCRIBE HISTORY {reference}")
display(history.select("version", "timestamp", "operation", "operationParameters", "operationMetrics", "userMetadata"))

# COMMAND ----------

# MAGIC %md
# MAGIC ## Schema and counts against the manifest

# COMMAND ----------

manifest = None
if manifest_location:
    path = manifest_location if manifest_location.endswith(".json") else manifest_location.rstrip("/") + "/manifest.json"
    text = "".join(row.value for row in spark.read.text(path, wholetext=True).collect())
    manifest = json.loads(text)
    print(f"export {manifest['exportId']}: {manifest['rowCount']} rows in {len(manifest['files'])} files, created {manifest['createdAt']}")

df = spark.sql(f"SELECT * FROM {reference}")
table_columns = [(field.name, field.dataType.simpleString(), field.nullable) for field in df.schema.fields]


def verdict(want, have):
    if want is None:
        return "only in the table"
    if have is None:
        return "missing from the table"
    if want["type"] != have[1]:
        return "type differs"
    if want["nullable"] != have[2]:
        return "nullability differs"
    return "ok"


if manifest is not None:
    expected = {column["name"].lower(): column for column in manifest["schema"]}
    actual = {name.lower(): (name, data_type, nullable) for name, data_type, nullable in table_columns}
    rows = []
    for key in [column["name"].lower() for column in manifest["schema"]] + sorted(set(actual) - set(expected)):
        want, have = expected.get(key), actual.get(key)
        rows.append((
            want["name"] if want else have[0],
            want["type"] if want else None,
            have[1] if have else None,
            want["nullable"] if want else None,
            have[2] if have else None,
            verdict(want, have),
        ))
    display(spark.createDataFrame(rows, "column string, manifest_type string, table_type string, manifest_nullable boolean, table_nullable boolean, verdict string"))
else:
    display(spark.createDataFrame(table_columns, "column string, type string, nullable boolean"))

# COMMAND ----------

table_rows = df.count()
if manifest is not None:
    verdict = "matches" if table_rows == manifest["rowCount"] else "DIFFERS"
    print(f"rows: table {table_rows}, manifest {manifest['rowCount']} -> {verdict}")
    per_file = [(f["path"], f["rows"], f["bytes"]) for f in manifest["files"]]
    display(spark.createDataFrame(per_file, "file string, rows long, bytes long"))
else:
    print(f"rows: table {table_rows}")
