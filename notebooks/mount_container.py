# Databricks notebook source
# MAGIC %md
# MAGIC # Mount the export container
# MAGIC
# MAGIC Mounts the Azure Blob Storage container the exporter writes to, so the job and these notebooks can read
# MAGIC `/mnt/<name>/<prefix>/<export-id>/manifest.json`. The credential comes from a **secret scope**, never from
# MAGIC this notebook. Running it again changes nothing: an existing mount of the same container is kept, and a mount
# MAGIC point already used by another container is refused instead of replaced.
# MAGIC
# MAGIC Workspaces with Unity Catalog do not need a mount: read the container through an external location or a
# MAGIC volume (`/Volumes/<catalog>/<schema>/<volume>/...`) instead.
# MAGIC
# MAGIC | credential kind | source | secret holds | extra widgets |
# MAGIC |---|---|---|---|
# MAGIC | `account-key` | `wasbs://<container>@<account>.blob.core.windows.net/` | the storage account key | |
# MAGIC | `sas` | `wasbs://<container>@<account>.blob.core.windows.net/` | a SAS token for the container | |
# MAGIC | `service-principal` | `abfss://<container>@<account>.dfs.core.windows.net/` | the service principal's client secret | client id, tenant id |

# COMMAND ----------

dbutils.widgets.text("source", "", "Container URL (wasbs:// or abfss://)")
dbutils.widgets.text("mount_point", "/mnt/handoff", "Mount point")
dbutils.widgets.text("secret_scope", "handoff", "Secret scope")
dbutils.widgets.text("secret_key", "storage-credential", "Secret name")
dbutils.widgets.dropdown("credential_kind", "account-key", ["account-key", "sas", "service-principal"], "Credential kind")
dbutils.widgets.text("client_id", "", "Service principal client id")
dbutils.widgets.text("tenant_id", "", "Entra ID tenant id")

source = dbutils.widgets.get("source").strip()
mount_point = dbutils.widgets.get("mount_point").strip().rstrip("/")
secret_scope = dbutils.widgets.get("secret_scope").strip()
secret_key = dbutils.widgets.get("secret_key").strip()
credential_kind = dbutils.widgets.get("credential_kind")
client_id = dbutils.widgets.get("client_id").strip()
tenant_id = dbutils.widgets.get("tenant_id").strip()

if not source or not mount_point.startswith("/mnt/"):
    raise ValueError("set the 'source' widget, and a mount point under /mnt/")

# COMMAND ----------


def mount_configs(source, secret, kind):
    """extra_configs for dbutils.fs.mount (the same rules as the job launcher's)."""
    scheme, _, rest = source.partition("://")
    container, at, host = rest.split("/", 1)[0].partition("@")
    if scheme not in ("wasbs", "abfss") or not at or "." not in host:
        raise ValueError("source must look like wasbs://<container>@<account>.blob.core.windows.net/")
    account = host.split(".", 1)[0]
    if kind == "account-key" and scheme == "wasbs":
        return {f"fs.azure.account.key.{account}.blob.core.windows.net": secret}
    if kind == "sas" and scheme == "wasbs":
        return {f"fs.azure.sas.{container}.{account}.blob.core.windows.net": secret}
    if kind == "service-principal":
        if not client_id or not tenant_id:
            raise ValueError("a service principal needs the client_id and tenant_id widgets")
        return {
            "fs.azure.account.auth.type": "OAuth",
            "fs.azure.account.oauth.provider.type": "org.apache.hadoop.fs.azurebfs.oauth2.ClientCredsTokenProvider",
            "fs.azure.account.oauth2.client.id": client_id,
            "fs.azure.account.oauth2.client.secret": secret,
            "fs.azure.account.oauth2.client.endpoint": f"https://login.microsoftonline.com/{tenant_id}/oauth2/token",
        }
    raise ValueError(f"credential kind {kind} does not mount {scheme}:// sources")


def mounted_source(point):
    for mount in dbutils.fs.mounts():
        if mount.mountPoint.rstrip("/") == point:
            return mount.source
    return None


existing = mounted_source(mount_point)
if existing is not None and existing.rstrip("/") == source.rstrip("/"):
    print(f"{mount_point} is already mounted from {source}; nothing to do")
elif existing is not None:
    raise ValueError(f"{mount_point} is mounted from {existing}, not {source}: unmount it first (dbutils.fs.unmount) or pick another mount point")
else:
    secret = dbutils.secrets.get(scope=secret_scope, key=secret_key)
    try:
        dbutils.fs.mount(source=source, mount_point=mount_point, extra_configs=mount_configs(source, secret, credential_kind))
        print(f"mounted {source} at {mount_point}")
    except Exception:
        # Another notebook or job run may have mounted it a moment ago; that is the same outcome.
        if (mounted_source(mount_point) or "").rstrip("/") != source.rstrip("/"):
            raise
        print(f"{mount_point} was mounted concurrently from {source}")

# COMMAND ----------

# MAGIC %md
# MAGIC ## What is there
# MAGIC Each export is a folder with its `manifest.json` (the commit point); a folder without one is not an export.

# COMMAND ----------

exports = [entry for entry in dbutils.fs.ls(mount_point) if entry.isDir()]
committed = []
for entry in exports:
    names = {child.name for child in dbutils.fs.ls(entry.path)}
    committed.append((entry.name.rstrip("/"), "manifest.json" in names, ".DONE" in names))
display(spark.createDataFrame(committed, "export_folder string, committed boolean, done_marker boolean"))
