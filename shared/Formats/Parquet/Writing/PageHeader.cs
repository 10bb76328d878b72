using Handoff.Shared.Formats.Parquet.Thrift;

namespace Handoff.Shared.Formats.Parquet.Writing;

/// <summary>Thrift PageHeaders (parquet.thrift) of v1 data pages and dictionary pages.</summary>
internal static class PageHeader
{
    private const long DataPageType = 0;
    private const long DictionaryPageType = 2;

    public static byte[] DataPage(int valueCount, int encoding, int uncompressedBytes, int compressedBytes)
    {
        var dataPage = new ThriftStruct();
        dataPage.Set(1, ThriftType.I32, (long)valueCount);
        dataPage.Set(2, ThriftType.I32, (long)encoding);
        dataPage.Set(3, ThriftType.I32, (long)ParquetEncodings.Rle);
        dataPage.Set(4, ThriftType.I32, (long)ParquetEncodings.Rle);
        return Header(DataPageType, uncompressedBytes, compressedBytes, 5, dataPage);
    }

    public static byte[] DictionaryPage(int entryCount, int uncompressedBytes, int compressedBytes)
    {
        var dictionaryPage = new ThriftStruct();
        dictionaryPage.Set(1, ThriftType.I32, (long)entryCount);
        dictionaryPage.Set(2, ThriftType.I32, (long)ParquetEncodings.PlainDictionary);
        return Header(DictionaryPageType, uncompressedBytes, compressedBytes, 7, dictionaryPage);
    }

    private static byte[] Header(long pageType, int uncompressedBytes, int compressedBytes, short pageHeaderField, ThriftStruct pageHeader)
    {
        var header = new ThriftStruct();
        header.Set(1, ThriftType.I32, pageType);
        header.Set(2, ThriftType.I32, (long)uncompressedBytes);
        header.Set(3, ThriftType.I32, (long)compressedBytes);
        header.Set(pageHeaderField, ThriftType.Struct, pageHeader);
        return ThriftCompactWriter.Write(header);
    }
}
