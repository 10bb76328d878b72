using Xunit;
using Handoff.Exporter.Export;

namespace Handoff.Tests.Export;

public class SplitPolicyTests
{
    [Fact]
    public void Rows_limit_fills_a_file_exactly()
    {
        var policy = new SplitPolicy(1000, null);
        Assert.Equal(250, policy.RowsLeft(750));
        Assert.False(policy.IsFull(999, long.MaxValue / 2));
        Assert.True(policy.IsFull(1000, 0));
    }

    [Fact]
    public void Bytes_limit_is_checked_on_the_encoded_size()
    {
        var policy = new SplitPolicy(null, 5_000_000);
        Assert.Equal(long.MaxValue, policy.RowsLeft(123));
        Assert.False(policy.IsFull(10, 4_999_999));
        Assert.True(policy.IsFull(10, 5_000_000));
    }

    [Fact]
    public void No_policy_never_splits()
    {
        Assert.False(SplitPolicy.None.IsFull(long.MaxValue, long.MaxValue));
    }
}
