# Databricks notebook source
# MAGIC %md
# MAGIC # Validation history
# MAGIC
# MAGIC Every `load` and `validate` run of the job appends one row to the validation-history Delta table
# MAGIC (by default `<table>_validation` beside the table): when the table last passed, and why a run failed.
# MAGIC
# MAGIC | column | meaning |
# MAGIC |---|---|
# MAGIC | `run_id` | the job run's id |
# MAGIC | `export_id` | the export that was loaded or checked |
# MAGIC | `table_location` | the table |
# MAGIC | `table_version` | the Delta version the checks saw |
# MAGIC | `engine` | `embedded` or `spark` |
# MAGIC | `operation` | `load` or `validate` |
# MAGIC | `mode` | `overwrite` or `append` |
# MAGIC | `passed` | true when no check failed |
# MAGIC | `checks`, `failed_checks` | how many checks ran, and how many failed |
# MAGIC | `started_at`, `finished_at` | UTC timestamps |
# MAGIC | `report` | the whole validation report as JSON |

# COMMAND ----------

import json

dbutils.widgets.text("history", "", "Validation-history table (name or Delta folder)")
dbutils.widgets.text("days", "30", "Days to show")

history = dbutils.widgets.get("history").strip()
days = int(dbutils.widgets.get("days") or "30")
if not history:
    raise ValueError("set the 'history' widget, for example abfss://lake@acct.dfs.core.windows.net/tables/orders_validation")

if "/" in history or ":" in history:
    reference = "delta.`" + history.replace("`", "``") + "`"
else:
    reference = ".".join("`" + part.replace("`", "``") + "`" for part in history.split("."))

runs = spark.sql(
    f"""
    SELECT run_id, export_id, table_location, table_version, engine, operation, mode, passed,
           checks, failed_checks, started_at, finished_at,
           (unix_timestamp(finished_at) - unix_timestamp(started_at)) AS seconds, report
    FROM {reference}
    WHERE started_at >= current_timestamp() - make_interval(0, 0, 0, {days})
    ORDER BY started_at DESC
    """
)
runs.createOrReplaceTempView("handoff_validation_runs")
display(runs.drop("report"))

# COMMAND ----------

# MAGIC %md
# MAGIC ## Rows per run
# MAGIC The row count each run checked (the `row count` check's actual value), coloured by verdict. Pick a bar chart with
# MAGIC `started_at` on the x axis, `rows` as the value and `passed` as the series, or run the cell as is.

# COMMAND ----------

from pyspark.sql import functions as F

checks = F.from_json(
    F.col("report"),
    "struct<checks: array<struct<name: string, expected: string, actual: string, status: string>>>",
)
rows_per_run = (
    runs.withColumn("parsed", checks)
    .withColumn("row_check", F.expr("filter(parsed.checks, c -> c.name = 'row count')[0]"))
    .select(
        "started_at",
        "export_id",
        "passed",
        F.col("row_check.actual").cast("long").alias("rows"),
        F.col("row_check.expected").cast("long").alias("manifest_rows"),
    )
    .orderBy("started_at")
)
display(rows_per_run)

# COMMAND ----------

# MAGIC %md
# MAGIC ## The latest failure, check by check

# COMMAND ----------

latest_failure = runs.where("NOT passed").orderBy(F.col("started_at").desc()).limit(1).collect()
if not latest_failure:
    print(f"no failed run in the last {days} days")
else:
    failure = latest_failure[0]
    report = json.loads(failure["report"])
    print(f"run {failure['run_id']} of export {failure['export_id']} at {failure['started_at']}: {failure['failed_checks']} of {failure['checks']} checks failed")
    display(spark.createDataFrame(
        [(c["name"], c["expected"], c["actual"], c["status"]) for c in report["checks"]],
        "check string, expected string, actual string, status string",
    ))
