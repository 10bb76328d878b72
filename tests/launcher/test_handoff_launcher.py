"""Unit tests for spark-job/launcher/handoff_launcher.py, with dbutils and the notebook context faked.

Run: python3 -m unittest discover -s tests/launcher -v   (the xunit suite runs this too)
"""

import hashlib
import io
import json
import os
import stat
import sys
import tarfile
import tempfile
import textwrap
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "spark-job", "launcher"))

import handoff_launcher as launcher  # noqa: E402

TOKEN = "dapi0123456789abcdef-secret"


class Option:
    """Scala's Option as py4j shows it."""

    def __init__(self, value):
        self.value = value

    def isDefined(self):  # noqa: N802 - Scala's name
        return self.value is not None

    def get(self):
        return self.value


class FakeContext:
    """The notebook context behind dbutils.notebook.entry_point (Scala getters returning Options)."""

    def __init__(self, host, token, cluster_id):
        self._host, self._token, self._cluster = host, token, cluster_id

    def apiUrl(self):  # noqa: N802
        return Option(self._host)

    def apiToken(self):  # noqa: N802
        return Option(self._token)

    def clusterId(self):  # noqa: N802
        return Option(self._cluster)


class ReplContext:
    """dbruntime.databricks_repl_context.get_context(): plain attributes, as Databricks' job-side scripts read them."""

    def __init__(self, workspace_url, api_token, cluster_id):
        self.workspaceUrl = workspace_url  # noqa: N815 - the runtime's names
        self.apiToken = api_token  # noqa: N815
        self.clusterId = cluster_id  # noqa: N815


class RefusedEntryPoint:
    """Standard (shared) access mode: py4j refuses the notebook context to Python code."""

    def __init__(self):
        self.entry_point = self

    def getDbutils(self):  # noqa: N802
        raise Exception("py4j.security.Py4JSecurityException: Method public com.databricks.dbutils_v1.DBUtilsV1 "
                        "com.databricks.backend.daemon.dbutils.FSUtilsParallel.getDbutils() is not whitelisted")


class Mount:
    def __init__(self, mount_point, source):
        self.mountPoint = mount_point  # noqa: N815 - dbutils' name
        self.source = source


class FakeFs:
    def __init__(self):
        self.mount_list = [Mount("/", "DatabricksRoot")]
        self.mount_calls = []
        self.readable = set()
        self.fail_mount_with = None

    def mounts(self):
        return list(self.mount_list)

    def mount(self, source, mount_point, extra_configs):
        self.mount_calls.append((source, mount_point, extra_configs))
        if self.fail_mount_with is not None:
            raise self.fail_mount_with
        self.mount_list.append(Mount(mount_point, source))

    def ls(self, path):
        if path not in self.readable:
            raise Exception("java.io.FileNotFoundException: %s does not exist\n\tat com.databricks..." % path)
        return []


class FakeSecrets:
    def __init__(self, values):
        self.values = values
        self.calls = []

    def get(self, scope, key):
        self.calls.append((scope, key))
        return self.values[(scope, key)]


class FakeNotebook:
    def __init__(self, context):
        self.entry_point = self
        self._context = context

    def getDbutils(self):  # noqa: N802
        return self

    def notebook(self):
        return self

    def getContext(self):  # noqa: N802
        return self._context


class FakeDbutils:
    def __init__(self, context=None, secrets=None):
        self.fs = FakeFs()
        self.secrets = FakeSecrets(secrets or {})
        self.notebook = FakeNotebook(context or FakeContext("https://adb-1.2.azuredatabricks.net", TOKEN, "0101-abc"))


def runtime(context=None, secrets=None, environ=None, repl=None):
    return launcher.DatabricksRuntime(FakeDbutils(context, secrets), spark=None, environ=environ or {}, repl_context=repl)


class FakeConf:
    def __init__(self, values):
        self.values = values

    def get(self, key):
        if key not in self.values:
            raise Exception("java.util.NoSuchElementException: " + key)
        return self.values[key]


class FakeSpark:
    def __init__(self, conf):
        self.conf = FakeConf(conf)


class SparkRemoteTests(unittest.TestCase):
    def test_cluster_connection_string_has_host_port_token_and_cluster(self):
        self.assertEqual(
            "sc://adb-1.2.azuredatabricks.net:443/;token=%s;x-databricks-cluster-id=0101-abc" % TOKEN,
            launcher.spark_remote("https://adb-1.2.azuredatabricks.net/", TOKEN, "0101-abc"))

    def test_host_without_scheme_is_accepted(self):
        self.assertTrue(launcher.spark_remote("adb-1.azuredatabricks.net", TOKEN, "c").startswith("sc://adb-1.azuredatabricks.net:443/;"))

    def test_serverless_uses_one_session_id_for_both_parameters(self):
        remote = launcher.spark_remote("https://h.net", TOKEN, None, session_id="6a1c7e2e-0000-4000-8000-000000000001")
        self.assertIn(";session_id=6a1c7e2e-0000-4000-8000-000000000001;x-databricks-session-id=6a1c7e2e-0000-4000-8000-000000000001", remote)
        self.assertNotIn("cluster-id", remote)

    def test_host_with_a_path_is_refused(self):
        with self.assertRaises(launcher.LauncherError):
            launcher.spark_remote("https://h.net/some/path", TOKEN, "c")

    def test_runtime_reads_host_token_and_cluster_from_the_notebook_context(self):
        rt = runtime()
        self.assertEqual(("https://adb-1.2.azuredatabricks.net", TOKEN, "0101-abc"), (rt.host(), rt.token(), rt.cluster_id()))

    def test_runtime_adds_https_to_a_host_without_scheme(self):
        rt = runtime(repl=ReplContext("adb-3.azuredatabricks.net", TOKEN, "c"))
        self.assertEqual("https://adb-3.azuredatabricks.net", rt.host())

    def test_runtime_falls_back_to_environment(self):
        rt = runtime(context=FakeContext(None, None, None), environ={"DATABRICKS_HOST": "https://e.net", "DATABRICKS_TOKEN": "t", "DATABRICKS_CLUSTER_ID": "c"})
        self.assertEqual(("https://e.net", "t", "c"), (rt.host(), rt.token(), rt.cluster_id()))

    def test_missing_token_is_a_clear_error(self):
        with self.assertRaisesRegex(launcher.LauncherError, "API token"):
            runtime(context=FakeContext("https://h.net", None, "c")).token()


class MountTests(unittest.TestCase):
    SOURCE = "wasbs://exports@acct.blob.core.windows.net/"

    def test_absent_mount_is_created_with_the_secret_from_the_scope(self):
        dbutils = FakeDbutils(secrets={("handoff", "storage-key"): "KEY=="})
        result = launcher.ensure_mounted(dbutils, self.SOURCE, "/mnt/handoff", "handoff", "storage-key", out=io.StringIO())
        self.assertEqual("mounted", result)
        self.assertEqual([(self.SOURCE, "/mnt/handoff", {"fs.azure.account.key.acct.blob.core.windows.net": "KEY=="})], dbutils.fs.mount_calls)
        self.assertEqual([("handoff", "storage-key")], dbutils.secrets.calls)

    def test_second_mount_of_the_same_source_does_nothing(self):
        dbutils = FakeDbutils(secrets={("s", "k"): "KEY=="})
        launcher.ensure_mounted(dbutils, self.SOURCE, "/mnt/handoff", "s", "k", out=io.StringIO())
        again = launcher.ensure_mounted(dbutils, self.SOURCE.rstrip("/"), "/mnt/handoff/", "s", "k", out=io.StringIO())
        self.assertEqual("already mounted", again)
        self.assertEqual(1, len(dbutils.fs.mount_calls))
        self.assertEqual(1, len(dbutils.secrets.calls), "the secret is not read again for an existing mount")

    def test_mount_point_used_by_another_source_is_refused(self):
        dbutils = FakeDbutils()
        dbutils.fs.mount_list.append(Mount("/mnt/handoff", "wasbs://other@acct.blob.core.windows.net/"))
        with self.assertRaisesRegex(launcher.LauncherError, "already mounted from wasbs://other@"):
            launcher.ensure_mounted(dbutils, self.SOURCE, "/mnt/handoff", "s", "k", out=io.StringIO())
        self.assertEqual([], dbutils.fs.mount_calls)

    def test_losing_a_mount_race_to_the_same_source_is_success(self):
        dbutils = FakeDbutils(secrets={("s", "k"): "KEY=="})
        fs = dbutils.fs

        def concurrent_mount(source, mount_point, extra_configs):
            fs.mount_list.append(Mount(mount_point, source))
            raise Exception("Directory already mounted: /mnt/handoff")

        fs.mount = concurrent_mount
        self.assertEqual("already mounted", launcher.ensure_mounted(dbutils, self.SOURCE, "/mnt/handoff", "s", "k", out=io.StringIO()))

    def test_mount_failure_never_shows_the_secret(self):
        dbutils = FakeDbutils(secrets={("s", "k"): "SUPERSECRET"})
        dbutils.fs.fail_mount_with = Exception("invalid key SUPERSECRET for account")
        with self.assertRaises(launcher.LauncherError) as raised:
            launcher.ensure_mounted(dbutils, self.SOURCE, "/mnt/handoff", "s", "k", out=io.StringIO())
        self.assertNotIn("SUPERSECRET", str(raised.exception))
        self.assertIn("***", str(raised.exception))

    def test_sas_config_names_container_and_account(self):
        self.assertEqual({"fs.azure.sas.exports.acct.blob.core.windows.net": "sv=x"}, launcher.mount_configs(self.SOURCE, "sv=x", "sas"))

    def test_abfss_needs_a_service_principal(self):
        source = "abfss://exports@acct.dfs.core.windows.net/"
        with self.assertRaisesRegex(launcher.LauncherError, "service-principal"):
            launcher.mount_configs(source, "x", "account-key")
        configs = launcher.mount_configs(source, "secret", "service-principal", "app-id", "tenant-id")
        self.assertEqual("OAuth", configs["fs.azure.account.auth.type"])
        self.assertEqual("https://login.microsoftonline.com/tenant-id/oauth2/token", configs["fs.azure.account.oauth2.client.endpoint"])

    def test_malformed_source_is_refused(self):
        with self.assertRaisesRegex(launcher.LauncherError, "must look like"):
            launcher.mount_configs("https://acct.blob.core.windows.net/exports", "k", "account-key")

    def test_check_path_names_the_path_that_cannot_be_read(self):
        dbutils = FakeDbutils()
        dbutils.fs.readable.add("/Volumes/main/default/exports")
        launcher.check_path(dbutils, "/Volumes/main/default/exports")
        with self.assertRaisesRegex(launcher.LauncherError, "cannot read /Volumes/main/missing/x: java.io.FileNotFoundException"):
            launcher.check_path(dbutils, "/Volumes/main/missing/x")


class CopyBinaryTests(unittest.TestCase):
    def setUp(self):
        self.temp = tempfile.TemporaryDirectory()
        self.source = os.path.join(self.temp.name, "volume", "spark-job")
        os.makedirs(os.path.dirname(self.source))
        with open(self.source, "wb") as handle:
            handle.write(b"\x7fELF fake binary")
        self.sha = hashlib.sha256(b"\x7fELF fake binary").hexdigest()
        self.local = os.path.join(self.temp.name, "local")

    def tearDown(self):
        self.temp.cleanup()

    def test_copy_is_executable_and_checked(self):
        target = launcher.copy_binary(self.source, self.sha, self.local, out=io.StringIO())
        self.assertTrue(target.startswith(self.local))
        self.assertTrue(os.stat(target).st_mode & stat.S_IXUSR)
        with open(target, "rb") as handle:
            self.assertEqual(b"\x7fELF fake binary", handle.read())

    def test_second_copy_of_the_same_content_is_skipped(self):
        launcher.copy_binary(self.source, self.sha, self.local, out=io.StringIO())
        out = io.StringIO()
        launcher.copy_binary(self.source, self.sha, self.local, out=out)
        self.assertIn("using the local copy", out.getvalue())

    def test_wrong_checksum_is_refused_and_leaves_nothing(self):
        with self.assertRaisesRegex(launcher.LauncherError, "not the bundle's"):
            launcher.copy_binary(self.source, "0" * 64, self.local, out=io.StringIO())
        leftovers = [name for _, _, names in os.walk(self.local) for name in names]
        self.assertEqual([], leftovers)

    def test_missing_binary_is_named(self):
        with self.assertRaisesRegex(launcher.LauncherError, "does not exist"):
            launcher.copy_binary(os.path.join(self.temp.name, "nope"), None, self.local, out=io.StringIO())

    def test_dbfs_paths_are_read_through_the_fuse_mount(self):
        self.assertEqual("/dbfs/handoff/spark-job", launcher._driver_path("dbfs:/handoff/spark-job"))


class ComputeTypeTests(unittest.TestCase):
    """Where host, token and cluster come from on each compute type; the runtime context first everywhere."""

    REPL_TOKEN = "dapi-from-the-runtime-context"

    def test_classic_compute_prefers_the_runtime_context_over_the_notebook_context(self):
        rt = runtime(repl=ReplContext("adb-1.2.azuredatabricks.net", self.REPL_TOKEN, "0101-classic"),
                     environ={"DATABRICKS_TOKEN": "stale-environment-token"})
        self.assertEqual(("https://adb-1.2.azuredatabricks.net", self.REPL_TOKEN, "0101-classic"), (rt.host(), rt.token(), rt.cluster_id()))

    def test_classic_compute_without_a_runtime_context_reads_the_notebook_context(self):
        rt = runtime(repl=None)
        self.assertEqual(("https://adb-1.2.azuredatabricks.net", TOKEN, "0101-abc"), (rt.host(), rt.token(), rt.cluster_id()))

    def test_standard_access_mode_refuses_the_notebook_context_so_the_runtime_context_gives_the_token(self):
        dbutils = FakeDbutils()
        dbutils.notebook = RefusedEntryPoint()
        rt = launcher.DatabricksRuntime(dbutils, spark=None, environ={}, repl_context=ReplContext("adb-5.azuredatabricks.net", self.REPL_TOKEN, "0505-shared"))
        self.assertEqual(("https://adb-5.azuredatabricks.net", self.REPL_TOKEN, "0505-shared"), (rt.host(), rt.token(), rt.cluster_id()))

    def test_standard_access_mode_without_any_context_names_every_place_looked_at(self):
        dbutils = FakeDbutils()
        dbutils.notebook = RefusedEntryPoint()
        rt = launcher.DatabricksRuntime(dbutils, spark=None, environ={}, repl_context=None)
        with self.assertRaisesRegex(launcher.LauncherError, r"runtime context \(apiToken\), the notebook context \(apiToken\) and DATABRICKS_TOKEN"):
            rt.token()

    def test_serverless_gets_the_token_from_the_runtime_context_with_no_databricks_token_set(self):
        dbutils = FakeDbutils()
        dbutils.notebook = RefusedEntryPoint()
        rt = launcher.DatabricksRuntime(dbutils, spark=FakeSpark({"spark.databricks.workspaceUrl": "adb-9.azuredatabricks.net"}), environ={},
                                        repl_context=ReplContext(None, self.REPL_TOKEN, None))
        self.assertEqual(("https://adb-9.azuredatabricks.net", self.REPL_TOKEN), (rt.host(), rt.token()))
        self.assertIsNone(rt.cluster_id())

    def test_serverless_refuses_a_mount_before_doing_anything(self):
        with self.assertRaisesRegex(launcher.LauncherError, "DBFS mounts are not available on serverless compute"):
            launcher.parse_args(["--archive", "a.tar.gz", "--serverless", "--mount-source", "wasbs://c@a.blob.core.windows.net/", "--mount-point", "/mnt/x",
                                 "--secret-scope", "s", "--secret-key", "k", "--", "load"])

    def test_serverless_run_connects_with_a_session_and_no_cluster(self):
        temp = tempfile.TemporaryDirectory()
        self.addCleanup(temp.cleanup)
        binary = os.path.join(temp.name, "spark-job")
        with open(binary, "w") as handle:
            handle.write('#!/bin/sh\necho "remote: $SPARK_REMOTE"\n')
        dbutils = FakeDbutils()
        dbutils.notebook = RefusedEntryPoint()
        rt = launcher.DatabricksRuntime(dbutils, spark=None, environ={}, repl_context=ReplContext("adb-9.azuredatabricks.net", self.REPL_TOKEN, None))
        out = io.StringIO()
        code = launcher.main(["--binary", binary, "--local-dir", os.path.join(temp.name, "local"), "--serverless", "--", "load"], runtime=rt, out=out)
        self.assertEqual(0, code, out.getvalue())
        self.assertRegex(out.getvalue(), r"remote: sc://adb-9.azuredatabricks.net:443/;token=\*\*\*;session_id=([0-9a-f-]{36});x-databricks-session-id=\1")
        self.assertNotIn(self.REPL_TOKEN, out.getvalue())


class ArchiveTests(unittest.TestCase):
    CONTENT = b"\x7fELF fake binary from the archive"

    def setUp(self):
        self.temp = tempfile.TemporaryDirectory()
        self.sha = hashlib.sha256(self.CONTENT).hexdigest()
        self.local = os.path.join(self.temp.name, "local")
        self.archive = self.make_archive({"spark-job": self.CONTENT})

    def tearDown(self):
        self.temp.cleanup()

    def make_archive(self, members, name="spark-job.tar.gz"):
        path = os.path.join(self.temp.name, name)
        with tarfile.open(path, "w:gz") as tar:
            for member, data in members.items():
                info = tarfile.TarInfo(member)
                info.size = len(data)
                info.mode = 0o755
                tar.addfile(info, io.BytesIO(data))
        return path

    def test_the_binary_is_unpacked_checked_and_executable(self):
        target = launcher.unpack_binary(self.archive, self.sha, self.local, out=io.StringIO())
        self.assertEqual(os.path.join(self.local, self.sha[:16], "spark-job"), target)
        self.assertTrue(os.stat(target).st_mode & stat.S_IXUSR)
        with open(target, "rb") as handle:
            self.assertEqual(self.CONTENT, handle.read())

    def test_the_second_run_uses_the_unpacked_copy(self):
        launcher.unpack_binary(self.archive, self.sha, self.local, out=io.StringIO())
        os.remove(self.archive)
        self.archive = self.make_archive({"spark-job": self.CONTENT})
        out = io.StringIO()
        launcher.unpack_binary(self.archive, self.sha, self.local, out=out)
        self.assertIn("using the local copy", out.getvalue())

    def test_a_wrong_checksum_is_refused_and_leaves_nothing(self):
        with self.assertRaisesRegex(launcher.LauncherError, "not the bundle's"):
            launcher.unpack_binary(self.archive, "0" * 64, self.local, out=io.StringIO())
        self.assertEqual([], [name for _, _, names in os.walk(self.local) for name in names])

    def test_only_the_binary_member_is_written(self):
        archive = self.make_archive({"../escape": b"x", "spark-job": self.CONTENT}, name="other.tar.gz")
        launcher.unpack_binary(archive, self.sha, self.local, out=io.StringIO())
        self.assertFalse(os.path.exists(os.path.join(self.temp.name, "escape")))
        self.assertEqual(["spark-job"], [name for _, _, names in os.walk(self.local) for name in names])

    def test_an_archive_without_the_binary_is_named(self):
        archive = self.make_archive({"other": b"x"}, name="empty.tar.gz")
        with self.assertRaisesRegex(launcher.LauncherError, "holds no file named spark-job"):
            launcher.unpack_binary(archive, None, self.local, out=io.StringIO())

    def test_a_truncated_archive_is_refused_clearly(self):
        with open(self.archive, "rb") as handle:
            data = handle.read()
        with open(self.archive, "wb") as handle:
            handle.write(data[: len(data) // 2])
        with self.assertRaisesRegex(launcher.LauncherError, "cannot be unpacked"):
            launcher.unpack_binary(self.archive, self.sha, self.local, out=io.StringIO())
        self.assertEqual([], [name for _, _, names in os.walk(self.local) for name in names])


class MainTests(unittest.TestCase):
    """The whole launcher against a fake 'spark-job' shell script."""

    def setUp(self):
        self.temp = tempfile.TemporaryDirectory()
        self.binary = os.path.join(self.temp.name, "spark-job")

    def tearDown(self):
        self.temp.cleanup()

    def fake_job(self, exit_code, passed, report=True, line="to stderr"):
        # Prints its arguments and SPARK_REMOTE, writes the report where --report-json says (unless
        # report is False, as a run with nothing new writes none), and exits.
        script = textwrap.dedent("""\
            #!/bin/sh
            echo "args: $*"
            echo "remote: $SPARK_REMOTE"
            echo "%s" 1>&2
            while [ $# -gt 0 ]; do
              if [ "$1" = "--report-json" ] && [ "%s" = "yes" ]; then
                printf '{\\n  "exportId": "e1",\\n  "passed": %s,\\n  "checks": []\\n}\\n' "%s" > "$2"
              fi
              shift
            done
            exit %d
            """) % (line, "yes" if report else "no", "%s", "true" if passed else "false", exit_code)
        with open(self.binary, "w") as handle:
            handle.write(script)
        with open(self.binary, "rb") as handle:
            return hashlib.sha256(handle.read()).hexdigest()

    def run_main(self, extra=(), job=("load", "--engine", "spark", "--manifest", "/Volumes/c/s/v/e1", "--table", "main.sales.orders")):
        out = io.StringIO()
        argv = ["--binary", self.binary, "--local-dir", os.path.join(self.temp.name, "local")] + list(extra) + ["--"] + list(job)
        code = launcher.main(argv, runtime=runtime(), out=out)
        return code, out.getvalue()

    def test_success_streams_output_reports_and_exits_0(self):
        sha = self.fake_job(0, passed=True)
        code, output = self.run_main(extra=["--binary-sha256", sha])
        self.assertEqual(0, code)
        self.assertIn("args: load --engine spark --manifest /Volumes/c/s/v/e1 --table main.sales.orders --report-json ", output)
        self.assertIn("to stderr", output)
        lines = output.splitlines()
        self.assertEqual("HANDOFF_EXIT_CODE: 0", lines[-1])
        self.assertEqual({"exportId": "e1", "passed": True, "checks": []}, json.loads(lines[-2][len(launcher.REPORT_MARKER):]))

    def test_the_bundle_archive_is_unpacked_and_run(self):
        sha = self.fake_job(0, passed=True)
        archive = os.path.join(self.temp.name, "spark-job.tar.gz")
        with tarfile.open(archive, "w:gz") as tar:
            tar.add(self.binary, arcname="spark-job")
        out = io.StringIO()
        code = launcher.main(["--archive", archive, "--binary-sha256", sha, "--local-dir", os.path.join(self.temp.name, "local"), "--", "load"],
                             runtime=runtime(), out=out)
        self.assertEqual(0, code, out.getvalue())
        self.assertIn("handoff: unpacked", out.getvalue())
        self.assertIn("args: load --report-json", out.getvalue())

    def test_failed_validation_fails_the_task_with_the_job_exit_code(self):
        self.fake_job(1, passed=False)
        code, output = self.run_main()
        self.assertEqual(1, code)
        self.assertIn('"passed":false', output)
        self.assertTrue(output.endswith("HANDOFF_EXIT_CODE: 1\n"))

    def test_spark_remote_reaches_the_job_but_the_token_never_reaches_the_output(self):
        self.fake_job(0, passed=True)
        _, output = self.run_main()
        self.assertIn("remote: sc://adb-1.2.azuredatabricks.net:443/;token=***;x-databricks-cluster-id=0101-abc", output)
        self.assertNotIn(TOKEN, output)

    def test_a_prefix_is_passed_to_the_job_as_load_exports(self):
        self.fake_job(0, passed=True)
        code, output = self.run_main(job=("load", "--engine", "spark", "--exports", "/Volumes/c/s/v/exports", "--table", "main.sales.orders", "--mode", "append"))
        self.assertEqual(0, code)
        self.assertIn("args: load --engine spark --exports /Volumes/c/s/v/exports --table main.sales.orders --mode append --report-json ", output)
        self.assertIn(launcher.REPORT_MARKER, output)

    def test_nothing_new_under_a_prefix_succeeds_without_a_report(self):
        self.fake_job(0, passed=True, report=False, line="nothing new under /Volumes/c/s/v/exports: the newest committed export, export day3, is the last one loaded")
        code, output = self.run_main(job=("load", "--engine", "spark", "--exports", "/Volumes/c/s/v/exports", "--table", "t"))
        self.assertEqual(0, code)
        self.assertIn("nothing new under /Volumes/c/s/v/exports", output)
        self.assertNotIn(launcher.REPORT_MARKER, output)
        self.assertTrue(output.endswith("HANDOFF_EXIT_CODE: 0\n"))

    def test_nothing_new_with_require_new_fails_the_task_with_the_job_exit_code(self):
        self.fake_job(75, passed=True, report=False)
        code, output = self.run_main(job=("load", "--engine", "spark", "--exports", "/Volumes/c/s/v/exports", "--table", "t", "--require-new"))
        self.assertEqual(75, code)
        self.assertNotIn(launcher.REPORT_MARKER, output)
        self.assertTrue(output.endswith("HANDOFF_EXIT_CODE: 75\n"))

    def test_launcher_problem_exits_70_with_the_reason(self):
        code, output = self.run_main(extra=["--check-path", "/Volumes/main/missing/x"])
        self.assertEqual(70, code)
        self.assertIn("handoff: error: cannot read /Volumes/main/missing/x", output)
        self.assertTrue(output.endswith("HANDOFF_EXIT_CODE: 70\n"))

    def test_arguments_without_separator_are_refused(self):
        out = io.StringIO()
        self.assertEqual(70, launcher.main(["--binary", self.binary], runtime=runtime(), out=out))
        self.assertIn("expected '--'", out.getvalue())

    def test_mount_needs_scope_and_key(self):
        with self.assertRaisesRegex(launcher.LauncherError, "--secret-scope, --secret-key"):
            launcher.parse_args(["--binary", "b", "--mount-source", "wasbs://c@a.blob.core.windows.net/", "--mount-point", "/mnt/x", "--", "load"])


if __name__ == "__main__":
    unittest.main()
