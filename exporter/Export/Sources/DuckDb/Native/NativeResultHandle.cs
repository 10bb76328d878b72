using System.Runtime.InteropServices;
using DuckDB.NET.Native;
using Microsoft.Win32.SafeHandles;

namespace Handoff.Exporter.Sources.DuckDb.Native;

/// <summary>
/// A <c>duckdb_result</c> in native memory. The C API fills the struct in place and frees what it
/// points to with <c>duckdb_destroy_result</c>; holding it in a SafeHandle frees it even when a
/// result is abandoned without being disposed.
/// </summary>
internal sealed unsafe class NativeResultHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public NativeResultHandle()
        : base(ownsHandle: true) => SetHandle((nint)NativeMemory.AllocZeroed((nuint)sizeof(DuckDBResult)));

    /// <summary>The struct itself, for the native calls that take it by reference.</summary>
    public ref DuckDBResult Value => ref *(DuckDBResult*)handle;

    /// <summary>Throws DuckDB's error for this result, if it has one.</summary>
    /// <exception cref="DuckDbQueryException">the statement failed.</exception>
    /// <exception cref="OperationCanceledException">the statement was interrupted.</exception>
    public void ThrowIfFailed(string? fallbackMessage = null)
    {
        var message = NativeMethods.Query.DuckDBResultError(ref Value);
        if (string.IsNullOrEmpty(message))
        {
            if (fallbackMessage is null)
            {
                return;
            }

            message = fallbackMessage;
        }

        if (NativeMethods.Query.DuckDBResultErrorType(ref Value) == DuckDBErrorType.Interrupt)
        {
            throw new OperationCanceledException("DuckDB interrupted the query");
        }

        throw new DuckDbQueryException(message);
    }

    protected override bool ReleaseHandle()
    {
        NativeMethods.Query.DuckDBDestroyResult(ref *(DuckDBResult*)handle);
        NativeMemory.Free((void*)handle);
        return true;
    }
}
