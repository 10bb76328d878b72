using Handoff.Tests.Fixtures.FakeDatabricks;
using Xunit;

namespace Handoff.Tests.Databricks.Support;

/// <summary>A test class with its own fake workspace and a CLI pointed at it, fresh for every test.</summary>
public abstract class FakeWorkspaceTest : IAsyncLifetime
{
    protected FakeWorkspace _fake = null!;
    protected DatabricksCli _cli = null!;

    public async Task InitializeAsync()
    {
        _fake = await FakeWorkspace.StartAsync();
        _cli = new DatabricksCli(_fake);
    }

    public async Task DisposeAsync()
    {
        _cli.Dispose();
        await _fake.DisposeAsync();
    }
}
