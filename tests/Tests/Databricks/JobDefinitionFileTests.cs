using Handoff.Exporter.Databricks.Schedule;
using Handoff.Shared.Input;
using Handoff.Tests.Databricks.Support;
using Handoff.Tests.Support;
using Xunit;

namespace Handoff.Tests.Databricks;

/// <summary>
/// <c>schedule --from</c>: what maps to the Jobs API is translated; bundle-only keys, <c>${…}</c>
/// interpolation, relative paths and keys the API does not define are refused, each named with
/// its line, all at once.
/// </summary>
public sealed class JobDefinitionFileTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void An_asset_bundle_job_with_permissions_and_a_variable_is_refused_naming_both_with_their_lines()
    {
        var file = Write("job.yml", """
            bundle:
              name: orders
            resources:
              jobs:
                orders:
                  name: orders daily
                  permissions:
                    - level: CAN_VIEW
                      group_name: analysts
                  tasks:
                    - task_key: handoff_load
                      existing_cluster_id: ${var.cluster_id}
            """);

        var error = Assert.Throws<InputArgumentException>(() => JobDefinitionFile.Read(file, "orders daily"));

        Assert.Contains("2 keys do not fit the Jobs API", error.Message, StringComparison.Ordinal);
        Assert.Contains("line 7: resources.jobs.orders.permissions: an Asset Bundle key: the Jobs API sets no permissions", error.Message, StringComparison.Ordinal);
        Assert.Contains("line 12: resources.jobs.orders.tasks[0].existing_cluster_id: '${var.cluster_id}' is Asset Bundle interpolation", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bundle_only_top_level_keys_other_resources_and_unknown_job_keys_are_each_named()
    {
        var file = Write("bundle.yml", """
            variables:
              cluster_id:
                default: 0101-abc
            targets:
              prod:
                mode: production
            resources:
              pipelines:
                p: {}
              jobs:
                orders:
                  max_concurent_runs: 2
                  tasks:
                    - task_key: handoff_load
                      notebook_task:
                        notebook_path: /Shared/n
                        base_paramters: {}
            """);

        var error = Assert.Throws<InputArgumentException>(() => JobDefinitionFile.Read(file, "x"));

        Assert.Contains("line 1: variables: an Asset Bundle key", error.Message, StringComparison.Ordinal);
        Assert.Contains("line 4: targets: an Asset Bundle key: targets are chosen by 'databricks bundle deploy -t'", error.Message, StringComparison.Ordinal);
        Assert.Contains("line 8: resources.pipelines: schedule creates one job", error.Message, StringComparison.Ordinal);
        Assert.Contains("line 12: resources.jobs.orders.max_concurent_runs: 'max_concurent_runs' is not a field the Jobs API defines here", error.Message, StringComparison.Ordinal);
        Assert.Contains("line 17: resources.jobs.orders.tasks[0].notebook_task.base_paramters: 'base_paramters' is not a field", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Relative_paths_are_refused_unless_the_task_reads_from_git()
    {
        var file = Write("job.json", """
            {
              "tasks": [
                { "task_key": "a", "notebook_task": { "notebook_path": "../src/notebook" } },
                { "task_key": "b", "spark_python_task": { "python_file": "main.py", "source": "GIT" } },
                { "task_key": "c", "spark_python_task": { "python_file": "/Workspace/Shared/main.py" },
                  "libraries": [ { "whl": "./dist/tool.whl" }, { "whl": "dbfs:/libs/ok.whl" } ] }
              ],
              "environments": [ { "environment_key": "e", "spec": { "environment_version": "4", "dependencies": ["pandas==2.2", "./dist/x.whl"] } } ]
            }
            """);

        var error = Assert.Throws<InputArgumentException>(() => JobDefinitionFile.Read(file, "x"));

        Assert.Contains("3 keys do not fit", error.Message, StringComparison.Ordinal);
        Assert.Contains("line 3: tasks[0].notebook_task.notebook_path: '../src/notebook' is a relative path", error.Message, StringComparison.Ordinal);
        Assert.Contains("line 6: tasks[2].libraries[0].whl: './dist/tool.whl' is a relative path", error.Message, StringComparison.Ordinal);
        Assert.Contains("line 8: environments[0].spec.dependencies[1]: './dist/x.whl' is a relative path", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("main.py", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("pandas", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void What_maps_is_translated_and_job_parameter_references_stay()
    {
        var file = Write("bundle.yml", """
            bundle:
              name: orders
            run_as:
              service_principal_name: 5b2c9f3e-0000-4000-8000-000000000001
            resources:
              jobs:
                orders:
                  tags:
                    owner: data
                  tasks:
                    - task_key: notify
                      depends_on:
                        - task_key: handoff_load
                      existing_cluster_id: 0101-abc
                      notebook_task:
                        notebook_path: /Shared/notify
                        base_parameters:
                          export: "{{job.parameters.manifest}}"
            """);

        var settings = JobDefinitionFile.Read(file, "x");

        Assert.Equal("5b2c9f3e-0000-4000-8000-000000000001", settings.Extra!["run_as"].GetProperty("service_principal_name").GetString());
        Assert.Equal("data", settings.Tags!["owner"]);
        Assert.Equal("{{job.parameters.manifest}}", settings.Tasks![0].Extra!["notebook_task"].GetProperty("base_parameters").GetProperty("export").GetString());
    }

    [Fact]
    public async Task Schedule_refuses_the_file_before_any_call()
    {
        await using var fake = await Fixtures.FakeDatabricks.FakeWorkspace.StartAsync();
        using var cli = new DatabricksCli(fake);
        var file = Write("job.yml", "resources:\n  jobs:\n    j:\n      permissions: []\n      tasks: []\n");

        var result = await cli.ScheduleAsync("--cluster-id", "c", "--from", file);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("line 4: resources.jobs.j.permissions", result.Error, StringComparison.Ordinal);
        Assert.Empty(fake.Requests);
        Assert.Equal(0, cli.Publisher.Publishes);
    }

    private string Write(string name, string text)
    {
        var path = _temp.Combine(name);
        File.WriteAllText(path, text);
        return path;
    }
}
