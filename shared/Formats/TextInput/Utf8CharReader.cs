using System.Text;
using Handoff.Shared.Input;

namespace Handoff.Shared.Formats.TextInput;

/// <summary>
/// Decodes a UTF-8 stream into a growable char window [<see cref="Start"/>, <see cref="End"/>)
/// that a parser consumes from the front. Invalid UTF-8 is an error naming its line, never a
/// silent U+FFFD. A leading byte order mark is skipped.
/// </summary>
internal sealed class Utf8CharReader(Stream stream)
{
    private readonly byte[] _bytes = new byte[64 * 1024];
    private readonly Decoder _decoder = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetDecoder();
    private long _newlinesDecoded;
    private bool _started;

    public char[] Chars { get; private set; } = new char[64 * 1024];

    public int Start { get; set; }

    public int End { get; private set; }

    /// <summary>True once the whole stream has been decoded.</summary>
    public bool Eof { get; private set; }

    /// <summary>
    /// Reads and decodes at least <paramref name="minimumChars"/> more chars, or up to the end of
    /// the stream; false if it was already at its end. A parser that needs more for one long record
    /// asks for as much again as it holds, so that it rescans the record a logarithmic number of
    /// times rather than once per read.
    /// </summary>
    public async ValueTask<bool> FillAsync(int minimumChars, CancellationToken cancellationToken)
    {
        if (Eof)
        {
            return false;
        }

        Compact();
        var target = End + Math.Max(1, minimumChars);
        while (End < target && !Eof)
        {
            await DecodeNextBlockAsync(cancellationToken);
        }

        return true;
    }

    private async ValueTask DecodeNextBlockAsync(CancellationToken cancellationToken)
    {
        int read;
        try
        {
            read = await stream.ReadAsync(_bytes, cancellationToken);
        }
        catch (InvalidDataException e)
        {
            throw new InputFormatException($"the compressed data is corrupt: {e.Message}", e);
        }

        var flush = read == 0;
        EnsureFree(read + 4);
        int charsUsed;
        try
        {
            _decoder.Convert(_bytes.AsSpan(0, read), Chars.AsSpan(End), flush, out _, out charsUsed, out _);
        }
        catch (DecoderFallbackException e)
        {
            var before = Math.Clamp(e.Index, 0, read);
            var line = _newlinesDecoded + _bytes.AsSpan(0, before).Count((byte)'\n') + 1;
            var bad = e.BytesUnknown is { Length: > 0 } unknown ? Convert.ToHexString(unknown) : "?";
            throw new InputFormatException($"line {line}: invalid UTF-8 (bytes 0x{bad})", e);
        }

        var decoded = Chars.AsSpan(End, charsUsed);
        _newlinesDecoded += decoded.Count('\n');
        End += charsUsed;
        if (!_started && End > Start)
        {
            _started = true;
            if (Chars[Start] == '\uFEFF')
            {
                Start++;
            }
        }

        Eof = flush;
    }

    private void Compact()
    {
        if (Start == 0)
        {
            return;
        }

        Chars.AsSpan(Start, End - Start).CopyTo(Chars);
        End -= Start;
        Start = 0;
    }

    private void EnsureFree(int size)
    {
        if (Chars.Length - End >= size)
        {
            return;
        }

        var grown = new char[Math.Max(Chars.Length * 2, End + size)];
        Chars.AsSpan(0, End).CopyTo(grown);
        Chars = grown;
    }
}
