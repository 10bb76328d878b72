using Handoff.Shared.Input;

namespace Handoff.Shared.Formats.TextInput;

/// <summary>Splits a stream into lines of raw bytes (LF or CRLF), reading ahead in large blocks.</summary>
internal sealed class ByteLineReader(Stream stream)
{
    private byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;
    private int _scan;
    private int _lineStart;
    private int _lineLength;
    private bool _eof;

    /// <summary>The 1-based number of the current line.</summary>
    public long LineNumber { get; private set; }

    /// <summary>The current line without its line ending; valid until the next read.</summary>
    public ReadOnlySpan<byte> Line => _buffer.AsSpan(_lineStart, _lineLength);

    public async ValueTask<bool> ReadLineAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var found = _buffer.AsSpan(_scan, _end - _scan).IndexOf((byte)'\n');
            if (found >= 0)
            {
                SetLine(_start, _scan + found);
                _start = _scan + found + 1;
                _scan = _start;
                return true;
            }

            _scan = _end;
            if (_eof)
            {
                if (_start == _end)
                {
                    return false;
                }

                SetLine(_start, _end);
                _start = _end;
                return true;
            }

            await FillAsync(cancellationToken);
        }
    }

    private void SetLine(int start, int end)
    {
        if (end > start && _buffer[end - 1] == '\r')
        {
            end--;
        }

        _lineStart = start;
        _lineLength = end - start;
        LineNumber++;
    }

    private async Task FillAsync(CancellationToken cancellationToken)
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _scan -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            if (_end >= TextRecordLimit.MaxLength)
            {
                throw new InputFormatException($"line {LineNumber + 1}: no line ends within {TextRecordLimit.Described}: the file is not NDJSON (one JSON object per line, LF or CRLF line endings)");
            }

            Array.Resize(ref _buffer, _buffer.Length * 2);
        }

        int read;
        try
        {
            read = await stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken);
        }
        catch (InvalidDataException e)
        {
            throw new InputFormatException($"the compressed data is corrupt: {e.Message}", e);
        }

        _end += read;
        _eof = read == 0;
    }
}
