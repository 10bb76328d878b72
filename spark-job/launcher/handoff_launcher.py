"""Runs the handoff spark-job binary on a Databricks cluster driver.

The exporter's `submit` and `schedule` commands upload this file and the self-contained
spark-job binary to a content-hashed folder (a Unity Catalog volume or workspace files) and
start it as a `spark_python_task`:

    handoff_launcher.py --archive /Volumes/.../<hash>/spark-job.tar.gz --binary-sha256 <hex>
        [--mount-source wasbs://... --mount-point /mnt/... --secret-scope S --secret-key K]
        [--check-path /Volumes/...] [--serverless]
        -- load --engine spark (--manifest <location> | --exports <prefix>) --table <name> [--mode overwrite|append]

(--binary PATH takes an uncompressed binary instead of --archive.) With --exports, which a daily
schedule uses, the job loads what is new under the prefix when it runs: the newest committed
export, or in append mode every one the table has not loaded. When nothing is new, the job prints
one line naming the last export loaded and exits 0 without a report (exit 75 with --require-new).

Steps:
  1. optionally mount the container, idempotently, with a credential from a secret scope
     (classic compute only: serverless compute has no DBFS mounts), or only check that a Unity
     Catalog volume or external location is readable;
  2. unpack the binary once into local disk, in a folder named after its SHA-256, check it,
     and make it executable;
  3. build SPARK_REMOTE from the workspace host, this run's API token and the cluster id (or a
     session id on serverless), read from the runtime's context;
  4. run the job, stream its output, and exit with the job's exit code, so the task fails
     when the job fails.

The last lines of the output carry the validation report (with --exports: that of the last export
validated, which is the failed one when a validation failed) and the exit code for the exporter to
read back through runs/get-output. Tokens never appear in the output.

Runs on the Python of any supported Databricks Runtime (3.8 and later); standard library only.
"""

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import uuid

# The one definition of the output markers: the exporter reads these two lines from this file as
# embedded in its bundle (LauncherScript.StringConstant), so keep each a plain "..." string.
REPORT_MARKER = "HANDOFF_REPORT_JSON: "
EXIT_MARKER = "HANDOFF_EXIT_CODE: "
LAUNCHER_FAILED = 70
BINARY_NAME = "spark-job"

CREDENTIAL_KINDS = ("account-key", "sas", "service-principal")


class LauncherError(Exception):
    """A problem the launcher can explain; the task fails with exit code 70."""


def parse_args(argv):
    """Splits the launcher's own options from the job's arguments (after "--")."""
    if "--" not in argv:
        raise LauncherError("expected '--' followed by the spark-job arguments (for example: -- load --engine spark ...)")
    split = argv.index("--")
    own, job = argv[:split], argv[split + 1:]
    if not job:
        raise LauncherError("no spark-job arguments after '--'")

    parser = argparse.ArgumentParser(prog="handoff_launcher.py", description="Run spark-job on a Databricks driver.")
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--archive", help="the bundle's spark-job.tar.gz (a /Volumes, /Workspace or dbfs:/ path), unpacked once into local disk")
    source.add_argument("--binary", help="an uncompressed spark-job binary (a /Volumes, /Workspace or dbfs:/ path)")
    parser.add_argument("--binary-sha256", help="expected SHA-256 of the binary; the local copy is checked against it")
    parser.add_argument("--local-dir", help="where the binary is copied (default /local_disk0/tmp/handoff, else the temp folder)")
    parser.add_argument("--mount-source", help="wasbs:// or abfss:// URL of the container to mount")
    parser.add_argument("--mount-point", help="where to mount it, for example /mnt/handoff")
    parser.add_argument("--secret-scope", help="secret scope holding the storage credential")
    parser.add_argument("--secret-key", help="name of the secret in the scope")
    parser.add_argument("--credential-kind", default="account-key", choices=CREDENTIAL_KINDS)
    parser.add_argument("--client-id", help="service principal application id (credential-kind service-principal)")
    parser.add_argument("--tenant-id", help="Entra ID tenant (credential-kind service-principal)")
    parser.add_argument("--check-path", action="append", default=[], help="a path that must be readable (Unity Catalog volume or external location)")
    parser.add_argument("--serverless", action="store_true", help="no cluster id: connect to serverless compute")
    try:
        options = parser.parse_args(own)
    except SystemExit as exit_:
        raise LauncherError("bad launcher arguments: %s" % " ".join(own)) from exit_

    if options.mount_source or options.mount_point:
        if options.serverless:
            raise LauncherError("DBFS mounts are not available on serverless compute, so --mount-source cannot be used with --serverless; "
                                "read the export from a Unity Catalog volume (/Volumes/...) or an external location instead")
        missing = [name for name, value in (("--mount-source", options.mount_source), ("--mount-point", options.mount_point),
                                            ("--secret-scope", options.secret_scope), ("--secret-key", options.secret_key)) if not value]
        if missing:
            raise LauncherError("mounting needs " + ", ".join(missing))
    return options, job


class DatabricksRuntime:
    """The driver's view of the workspace: dbutils, and the host, token and cluster id of this run.

    Each value is looked for in this order:
      1. the runtime's REPL context, dbruntime.databricks_repl_context.get_context(), which Databricks'
         own job-side scripts that start a native binary read (databricks/cli 7bbe2852,
         experimental/ssh/internal/client/ssh-server-bootstrap.py and acceptance/dbr_runner.py:
         workspaceUrl, apiToken, clusterId); it works on classic, standard (shared) access mode and
         serverless compute;
      2. the notebook context through dbutils' entry point (apiUrl, apiToken, clusterId), which
         standard access mode refuses to Python code;
      3. DATABRICKS_HOST, DATABRICKS_TOKEN and DATABRICKS_CLUSTER_ID, and the Spark confs
         spark.databricks.workspaceUrl and spark.databricks.clusterUsageTags.clusterId.
    """

    def __init__(self, dbutils, spark=None, environ=None, repl_context=None):
        self.dbutils = dbutils
        self.spark = spark
        self.environ = os.environ if environ is None else environ
        self.repl_context = repl_context

    @classmethod
    def current(cls):
        from pyspark.sql import SparkSession  # available on every Databricks driver
        spark = SparkSession.builder.getOrCreate()
        from pyspark.dbutils import DBUtils
        return cls(DBUtils(spark), spark, repl_context=_repl_context())

    def _repl_value(self, name):
        try:
            value = getattr(self.repl_context, name, None) if self.repl_context is not None else None
        except Exception:  # noqa: BLE001 - a context attribute that fails is one source less
            return None
        return value if isinstance(value, str) and value else None

    def _context(self):
        return self.dbutils.notebook.entry_point.getDbutils().notebook().getContext()

    def _context_value(self, name):
        try:
            value = getattr(self._context(), name)()
            return value.get() if value is not None and value.isDefined() else None
        except Exception:  # noqa: BLE001 - standard access mode refuses the entry point; fall back below
            return None

    def _conf(self, key):
        if self.spark is None:
            return None
        try:
            return self.spark.conf.get(key)
        except Exception:  # noqa: BLE001
            return None

    def host(self):
        host = (self._repl_value("workspaceUrl") or self._context_value("apiUrl") or self.environ.get("DATABRICKS_HOST")
                or self._conf("spark.databricks.workspaceUrl"))
        if not host:
            raise LauncherError("cannot find the workspace host: looked at the runtime context (workspaceUrl), the notebook context (apiUrl), "
                                "DATABRICKS_HOST and spark.databricks.workspaceUrl")
        return host if host.startswith("https://") or host.startswith("http://") else "https://" + host

    def token(self):
        token = self._repl_value("apiToken") or self._context_value("apiToken") or self.environ.get("DATABRICKS_TOKEN")
        if not token:
            raise LauncherError("cannot find this run's API token: looked at the runtime context (apiToken), the notebook context (apiToken) and DATABRICKS_TOKEN")
        return token

    def cluster_id(self):
        return (self._repl_value("clusterId") or self._context_value("clusterId") or self._conf("spark.databricks.clusterUsageTags.clusterId")
                or self.environ.get("DATABRICKS_CLUSTER_ID"))


def _repl_context():
    """The runtime's REPL context, or None where the runtime has no dbruntime module."""
    try:
        from dbruntime.databricks_repl_context import get_context
        return get_context()
    except Exception:  # noqa: BLE001 - older runtimes and local runs
        return None


def mount_configs(source, secret, kind, client_id=None, tenant_id=None):
    """The extra_configs for dbutils.fs.mount, for a wasbs:// or abfss:// container URL."""
    scheme, _, rest = source.partition("://")
    container, at, host = rest.split("/", 1)[0].partition("@")
    if scheme not in ("wasbs", "abfss") or not at or not container or "." not in host:
        raise LauncherError("mount source %r must look like wasbs://<container>@<account>.blob.core.windows.net/ or abfss://<container>@<account>.dfs.core.windows.net/" % source)
    account = host.split(".", 1)[0]
    if kind == "account-key":
        if scheme != "wasbs":
            raise LauncherError("an account key mounts only wasbs:// sources; use --credential-kind service-principal for abfss://")
        return {"fs.azure.account.key.%s.blob.core.windows.net" % account: secret}
    if kind == "sas":
        if scheme != "wasbs":
            raise LauncherError("a SAS token mounts only wasbs:// sources")
        return {"fs.azure.sas.%s.%s.blob.core.windows.net" % (container, account): secret}
    if kind == "service-principal":
        if not client_id or not tenant_id:
            raise LauncherError("--credential-kind service-principal needs --client-id and --tenant-id")
        return {
            "fs.azure.account.auth.type": "OAuth",
            "fs.azure.account.oauth.provider.type": "org.apache.hadoop.fs.azurebfs.oauth2.ClientCredsTokenProvider",
            "fs.azure.account.oauth2.client.id": client_id,
            "fs.azure.account.oauth2.client.secret": secret,
            "fs.azure.account.oauth2.client.endpoint": "https://login.microsoftonline.com/%s/oauth2/token" % tenant_id,
        }
    raise LauncherError("unknown credential kind %r" % kind)


def _mounted_source(dbutils, mount_point):
    for mount in dbutils.fs.mounts():
        if mount.mountPoint.rstrip("/") == mount_point.rstrip("/"):
            return mount.source
    return None


def ensure_mounted(dbutils, source, mount_point, scope, key, kind="account-key", client_id=None, tenant_id=None, out=sys.stdout):
    """Mounts source at mount_point unless it is already mounted there; refuses a different source.

    Returns "mounted" or "already mounted". Two runs racing to mount the same container both
    succeed: the loser sees the winner's mount and accepts it.
    """
    existing = _mounted_source(dbutils, mount_point)
    if existing is not None:
        if existing.rstrip("/") == source.rstrip("/"):
            out.write("handoff: %s is already mounted from %s\n" % (mount_point, source))
            return "already mounted"
        raise LauncherError("%s is already mounted from %s, not %s; unmount it or choose another --mount-point" % (mount_point, existing, source))

    secret = dbutils.secrets.get(scope=scope, key=key)
    try:
        dbutils.fs.mount(source=source, mount_point=mount_point, extra_configs=mount_configs(source, secret, kind, client_id, tenant_id))
    except Exception as error:  # noqa: BLE001 - dbutils raises its own wrapper types
        if _mounted_source(dbutils, mount_point) is not None and _mounted_source(dbutils, mount_point).rstrip("/") == source.rstrip("/"):
            out.write("handoff: %s was mounted by a concurrent run\n" % mount_point)
            return "already mounted"
        raise LauncherError("mounting %s at %s failed: %s" % (source, mount_point, _redact(str(error), [secret]))) from None
    out.write("handoff: mounted %s at %s\n" % (source, mount_point))
    return "mounted"


def check_path(dbutils, path):
    """Fails clearly when a volume or external location cannot be listed."""
    try:
        dbutils.fs.ls(path)
    except Exception as error:  # noqa: BLE001
        raise LauncherError("cannot read %s: %s (does it exist, and may this run's identity read it?)" % (path, str(error).splitlines()[0] if str(error) else type(error).__name__)) from None


def _sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _driver_path(path):
    """dbfs:/x is /dbfs/x on the driver; /Volumes and /Workspace paths are already local (FUSE)."""
    if path.startswith("dbfs:/"):
        return "/dbfs/" + path[len("dbfs:/"):].lstrip("/")
    return path


def default_local_dir():
    return "/local_disk0/tmp/handoff" if os.path.isdir("/local_disk0") else os.path.join(tempfile.gettempdir(), "handoff")


def copy_binary(source, expected_sha256=None, local_dir=None, out=sys.stdout):
    """Copies the binary to local disk (once per content) and makes it executable; returns the local path."""
    source = _driver_path(source)
    if not os.path.isfile(source):
        raise LauncherError("the spark-job binary %s does not exist on the driver" % source)

    def write(partial):
        shutil.copyfile(source, partial)

    return _install(write, source, os.path.basename(source), expected_sha256, local_dir, out)


def unpack_binary(archive, expected_sha256=None, local_dir=None, out=sys.stdout):
    """Unpacks the binary from the bundle's .tar.gz into local disk (once per content); returns the local path.

    Only the member named spark-job is read, streamed straight into its file: nothing else in the
    archive is written anywhere.
    """
    archive = _driver_path(archive)
    if not os.path.isfile(archive):
        raise LauncherError("the bundle archive %s does not exist on the driver" % archive)

    def write(partial):
        try:
            with tarfile.open(archive, "r:gz") as tar:
                member = next((m for m in tar if m.name == BINARY_NAME and m.isfile()), None)
                if member is None:
                    raise LauncherError("the bundle archive %s holds no file named %s" % (archive, BINARY_NAME))
                with tar.extractfile(member) as data, open(partial, "wb") as target:
                    shutil.copyfileobj(data, target, 1 << 20)
        except (tarfile.TarError, OSError, EOFError) as error:
            raise LauncherError("the bundle archive %s cannot be unpacked (%s); upload the bundle again" % (archive, error)) from None

    return _install(write, archive, BINARY_NAME, expected_sha256, local_dir, out)


def _install(write, source, name, expected_sha256, local_dir, out):
    """Writes the binary with write(partial) unless a checked copy is there, checks it, and renames it into place."""
    folder = os.path.join(local_dir or default_local_dir(), expected_sha256[:16] if expected_sha256 else "current")
    os.makedirs(folder, exist_ok=True)
    target = os.path.join(folder, name)
    if expected_sha256 and os.path.isfile(target) and _sha256(target) == expected_sha256:
        out.write("handoff: using the local copy %s\n" % target)
    else:
        partial = target + ".partial-%s" % uuid.uuid4().hex
        try:
            write(partial)
            actual = _sha256(partial)
            if expected_sha256 and actual != expected_sha256:
                raise LauncherError("the binary from %s has SHA-256 %s, not the bundle's %s; upload the bundle again" % (source, actual, expected_sha256))
            os.replace(partial, target)
        finally:
            if os.path.exists(partial):
                os.remove(partial)
        out.write("handoff: %s %s to %s\n" % ("unpacked" if source.endswith(".tar.gz") else "copied", source, target))
    os.chmod(target, 0o755)
    return target


def spark_remote(host, token, cluster_id=None, session_id=None):
    """The Spark Connect connection string for this workspace: TLS on 443, bearer token, cluster or serverless session."""
    address = host.strip()
    for prefix in ("https://", "http://"):
        if address.startswith(prefix):
            address = address[len(prefix):]
    address = address.rstrip("/")
    if not address or "/" in address:
        raise LauncherError("workspace host %r is not a host name" % host)
    remote = "sc://%s:443/;token=%s" % (address, token)
    if cluster_id:
        return remote + ";x-databricks-cluster-id=%s" % cluster_id
    session = session_id or str(uuid.uuid4())
    return remote + ";session_id=%s;x-databricks-session-id=%s" % (session, session)


def _redact(text, secrets):
    for secret in secrets:
        if secret:
            text = text.replace(secret, "***")
    return text


def run_job(binary, job_args, env, secrets, out=sys.stdout):
    """Runs the job with stdout and stderr merged, copying each line to out (secrets redacted); returns its exit code."""
    process = subprocess.Popen([binary] + list(job_args), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env,
                               universal_newlines=True, bufsize=1, errors="replace")
    for line in process.stdout:
        out.write(_redact(line, secrets))
        out.flush()
    process.stdout.close()
    return process.wait()


def main(argv, runtime=None, out=sys.stdout):
    secrets = []
    try:
        options, job_args = parse_args(argv)
        runtime = runtime or DatabricksRuntime.current()
        if options.mount_source:
            ensure_mounted(runtime.dbutils, options.mount_source, options.mount_point, options.secret_scope, options.secret_key,
                           options.credential_kind, options.client_id, options.tenant_id, out)
        for path in options.check_path:
            check_path(runtime.dbutils, path)
        if options.archive:
            local_binary = unpack_binary(options.archive, options.binary_sha256, options.local_dir, out)
        else:
            local_binary = copy_binary(options.binary, options.binary_sha256, options.local_dir, out)

        host, token = runtime.host(), runtime.token()
        secrets.append(token)
        cluster_id = None if options.serverless else runtime.cluster_id()
        if not options.serverless and not cluster_id:
            raise LauncherError("cannot find this run's cluster id; pass --serverless on serverless compute")
        env = dict(os.environ)
        env["SPARK_REMOTE"] = spark_remote(host, token, cluster_id)
        env["DATABRICKS_HOST"] = host
        env["DATABRICKS_TOKEN"] = token
        if cluster_id:
            env["DATABRICKS_CLUSTER_ID"] = cluster_id

        report_path = os.path.join(tempfile.mkdtemp(prefix="handoff-report-"), "report.json")
        out.write("handoff: running %s %s\n" % (os.path.basename(local_binary), " ".join(job_args)))
        out.flush()
        code = run_job(local_binary, list(job_args) + ["--report-json", report_path], env, secrets, out)
        if os.path.isfile(report_path):
            with open(report_path, "r", encoding="utf-8") as handle:
                report = json.load(handle)
            out.write(REPORT_MARKER + json.dumps(report, separators=(",", ":"), ensure_ascii=False) + "\n")
    except LauncherError as error:
        out.write("handoff: error: %s\n" % _redact(str(error), secrets))
        code = LAUNCHER_FAILED
    out.write(EXIT_MARKER + str(code) + "\n")
    out.flush()
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
