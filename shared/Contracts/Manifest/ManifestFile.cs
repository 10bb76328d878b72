namespace Handoff.Shared.Manifest;

/// <summary>
/// One data file of an export: its path relative to the export folder ('/'-separated), its
/// row count, its size and "md5:&lt;32 lowercase hex&gt;" of its bytes.
/// </summary>
public sealed record ManifestFile(string Path, long Rows, long Bytes, string Checksum)
{
    public const string Md5Prefix = "md5:";

    private const int Md5Length = 16;

    /// <summary>"md5:" followed by the lowercase hex of a 16-byte MD5 digest.</summary>
    public static string Md5Checksum(byte[] md5)
    {
        ArgumentNullException.ThrowIfNull(md5);
        if (md5.Length != Md5Length)
        {
            throw new ArgumentException($"an MD5 digest is {Md5Length} bytes, not {md5.Length}", nameof(md5));
        }

        return Md5Prefix + Convert.ToHexStringLower(md5);
    }

    /// <summary>Reads the digest out of an "md5:&lt;32 lowercase hex&gt;" checksum; false for any other text.</summary>
    public static bool TryParseMd5(string? checksum, out byte[] md5)
    {
        md5 = [];
        if (checksum is null
            || checksum.Length != Md5Prefix.Length + (2 * Md5Length)
            || !checksum.StartsWith(Md5Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var hex = checksum.AsSpan(Md5Prefix.Length);
        foreach (var c in hex)
        {
            if (!char.IsAsciiHexDigitLower(c) && !char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        md5 = Convert.FromHexString(hex);
        return true;
    }

    /// <summary>The MD5 digest this file's checksum records.</summary>
    public byte[] Md5() => TryParseMd5(Checksum, out var md5)
        ? md5
        : throw new ManifestException("checksum", $"'{Checksum}' is not \"md5:\" followed by 32 lowercase hex digits");
}
